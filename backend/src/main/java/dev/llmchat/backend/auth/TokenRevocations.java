package dev.llmchat.backend.auth;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.cluster.ClusterBus;
import dev.llmchat.backend.user.User;
import dev.llmchat.backend.user.UserRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which tokens are no longer accepted: those issued before their user's cut-off ("log out everywhere"), and all of
 * a deleted account's. The cut-off is read from the database once per user and then kept, so checking a token
 * costs no query. A revocation is told to every replica on the {@link ClusterBus} (topic {@value #TOPIC}), which
 * takes effect within the bus's delivery time; when the bus may have lost messages, every kept cut-off is dropped
 * and read again.
 * <p>
 * A cut-off only ever moves later, and a deleted account's is the latest there is: whatever order a read from the
 * database and a message arrive in, the later cut-off wins, so a slow read can never bring a revoked token back.
 */
@Component
class TokenRevocations {

	static final String TOPIC = "auth.revoked";

	/** The cut-off of a deleted account: no token is issued after it. */
	static final Instant DELETED = Instant.ofEpochMilli(Long.MAX_VALUE);

	private final UserRepository users;

	private final ClusterBus bus;

	private final JsonMapper json;

	private final Map<Long, Instant> cutOffs = new ConcurrentHashMap<>();

	TokenRevocations(UserRepository users, ClusterBus bus, JsonMapper json) {
		this.users = users;
		this.bus = bus;
		this.json = json;
		bus.subscribe(TOPIC, (message) -> {
			Revocation revocation = json.readValue(message.body(), Revocation.class);
			raise(revocation.userId(), Instant.ofEpochMilli(revocation.validAfter()));
		});
		bus.onReconnect(this.cutOffs::clear);
	}

	/** True when the user still exists and has not revoked tokens issued at {@code issuedAt}. */
	boolean accepts(Long userId, Instant issuedAt) {
		Instant cutOff = this.cutOffs.get(userId);
		if (cutOff == null) {
			cutOff = raise(userId, this.users.findById(userId).map(User::getTokensValidAfter).orElse(DELETED));
		}
		return !cutOff.equals(DELETED) && !issuedAt.isBefore(cutOff);
	}

	/** Refuses the user's tokens issued before {@code cutOff}, which the database already holds, on every replica. */
	void revoked(Long userId, Instant cutOff) {
		raise(userId, cutOff);
		this.bus.broadcast(TOPIC, this.json.writeValueAsString(new Revocation(userId, cutOff.toEpochMilli())));
	}

	/** Refuses every token of an account that was deleted, on every replica. */
	void deleted(Long userId) {
		revoked(userId, DELETED);
	}

	private Instant raise(Long userId, Instant cutOff) {
		return this.cutOffs.merge(userId, cutOff, (kept, offered) -> kept.isAfter(offered) ? kept : offered);
	}

	/**
	 * A message of {@value #TOPIC}.
	 *
	 * @param userId whose tokens
	 * @param validAfter the new cut-off, epoch milliseconds
	 */
	record Revocation(long userId, long validAfter) {
	}

}
