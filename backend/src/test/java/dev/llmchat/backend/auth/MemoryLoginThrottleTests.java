package dev.llmchat.backend.auth;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The login throttle of a backend alone on SQLite, in its memory. */
class MemoryLoginThrottleTests extends LoginThrottleTests {

	@Override
	LoginThrottle throttle(AuthProperties properties, Clock clock) {
		return new MemoryLoginThrottle(properties, clock);
	}

	@Override
	void assertRemembersNothing(LoginThrottle throttle) {
		assertThat(((MemoryLoginThrottle) throttle).trackedKeys()).as("accounts and addresses still remembered")
			.isZero();
	}

}
