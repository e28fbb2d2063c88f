package dev.llmchat.backend.auth;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.cluster.ClusterBus;
import dev.llmchat.backend.user.User;
import dev.llmchat.backend.user.UserRepository;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoked tokens are refused from a cache that the bus keeps current: no query per token, every replica told of a
 * revocation, the cache read again when the bus may have lost messages, and a cut-off never moved back.
 */
class TokenRevocationsTests {

	private static final Instant ISSUED = Instant.parse("2026-01-31T10:00:00Z");

	private final Map<Long, User> stored = new ConcurrentHashMap<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final Bus bus = new Bus();

	private final JsonMapper json = JsonMapper.builder().build();

	private final TokenRevocations revocations = new TokenRevocations(users(), this.bus, this.json);

	@Test
	void theCutOffIsReadOnceAndEveryLaterTokenIsCheckedWithoutAQuery() {
		store(1L, Instant.EPOCH);
		for (int i = 0; i < 3; i++) {
			assertThat(this.revocations.accepts(1L, ISSUED)).isTrue();
		}
		assertThat(this.reads).hasValue(1);
		assertThat(this.revocations.accepts(99L, ISSUED)).as("an account that does not exist").isFalse();
	}

	@Test
	void aRevocationIsToldToEveryReplicaAndRefusesTheirEarlierTokensWithoutAQuery() {
		store(1L, Instant.EPOCH);
		TokenRevocations other = new TokenRevocations(users(), this.bus, this.json);
		assertThat(other.accepts(1L, ISSUED)).isTrue();

		this.revocations.revoked(1L, ISSUED.plusSeconds(1));

		assertThat(other.accepts(1L, ISSUED)).isFalse();
		assertThat(other.accepts(1L, ISSUED.plusSeconds(1))).isTrue();
		assertThat(this.revocations.accepts(1L, ISSUED)).isFalse();
		assertThat(this.reads).as("only the other replica's first check").hasValue(1);
	}

	@Test
	void aDeletedAccountsTokensAreRefusedOnEveryReplicaWhenEverTheyWereIssued() {
		store(1L, Instant.EPOCH);
		TokenRevocations other = new TokenRevocations(users(), this.bus, this.json);
		assertThat(other.accepts(1L, ISSUED)).isTrue();

		this.revocations.deleted(1L);

		assertThat(other.accepts(1L, Instant.parse("2999-01-01T00:00:00Z"))).isFalse();
		assertThat(this.revocations.accepts(1L, ISSUED)).isFalse();
	}

	@Test
	void afterTheBusReconnectsTheCutOffsAreReadAgainSinceARevocationMayHaveBeenLost() {
		store(1L, Instant.EPOCH);
		assertThat(this.revocations.accepts(1L, ISSUED)).isTrue();
		store(1L, ISSUED.plusSeconds(1));
		assertThat(this.revocations.accepts(1L, ISSUED)).as("the message was lost").isTrue();

		this.bus.reconnected();

		assertThat(this.revocations.accepts(1L, ISSUED)).isFalse();
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void anEarlierCutOffArrivingLateNeverBringsARevokedTokenBack() {
		store(1L, Instant.EPOCH);
		this.revocations.revoked(1L, ISSUED.plusSeconds(10));
		this.bus.deliver(TokenRevocations.TOPIC,
				this.json.writeValueAsString(new TokenRevocations.Revocation(1L, ISSUED.toEpochMilli())));
		assertThat(this.revocations.accepts(1L, ISSUED.plusSeconds(5))).isFalse();
	}

	private void store(Long id, Instant validAfter) {
		User user = new User("u" + id + "@example.com", "hash", null, Instant.EPOCH);
		user.revokeTokensIssuedBefore(validAfter);
		this.stored.put(id, user);
	}

	/** The repository's {@code findById}, counting its calls; nothing else is used. */
	private UserRepository users() {
		return (UserRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { UserRepository.class }, (proxy, method, arguments) -> {
					if (!method.getName().equals("findById")) {
						throw new UnsupportedOperationException(method.getName());
					}
					this.reads.incrementAndGet();
					return Optional.ofNullable(this.stored.get((Long) arguments[0]));
				});
	}

	/** Replicas in one process: a broadcast reaches every subscriber at once. */
	private static final class Bus implements ClusterBus {

		private final List<Consumer<Message>> handlers = new ArrayList<>();

		private final List<Runnable> reconnectActions = new ArrayList<>();

		@Override
		public void send(String replica, String topic, String body) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void broadcast(String topic, String body) {
			deliver(topic, body);
		}

		void deliver(String topic, String body) {
			this.handlers.forEach((handler) -> handler.accept(new Message(topic, "another", body)));
		}

		@Override
		public void subscribe(String topic, Consumer<Message> handler) {
			assertThat(topic).isEqualTo(TokenRevocations.TOPIC);
			this.handlers.add(handler);
		}

		@Override
		public void onReconnect(Runnable action) {
			this.reconnectActions.add(action);
		}

		void reconnected() {
			this.reconnectActions.forEach(Runnable::run);
		}

	}

}
