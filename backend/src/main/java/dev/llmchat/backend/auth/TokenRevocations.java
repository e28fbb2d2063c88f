package dev.llmchat.backend.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.user.User;
import dev.llmchat.backend.user.UserRepository;

/**
 * Which tokens a user has revoked ("log out everywhere"): those issued before the user's cut-off. The cut-off is read
 * from the database once per user and then kept, so checking a token costs no query.
 */
@Component
class TokenRevocations {

	private final UserRepository users;

	private final Map<Long, Instant> cutOffs = new ConcurrentHashMap<>();

	TokenRevocations(UserRepository users) {
		this.users = users;
	}

	/** True when the user still exists and has not revoked tokens issued at {@code issuedAt}. */
	boolean accepts(Long userId, Instant issuedAt) {
		Instant cutOff = this.cutOffs.get(userId);
		if (cutOff == null) {
			Optional<Instant> stored = this.users.findById(userId).map(User::getTokensValidAfter);
			if (stored.isEmpty()) {
				return false;
			}
			cutOff = stored.get();
			this.cutOffs.put(userId, cutOff);
		}
		return !issuedAt.isBefore(cutOff);
	}

	void revoked(Long userId, Instant cutOff) {
		this.cutOffs.put(userId, cutOff);
	}

}
