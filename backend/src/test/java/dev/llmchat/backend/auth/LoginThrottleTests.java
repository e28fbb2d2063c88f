package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.system.TooManyRequestsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Failed logins are counted per account and per client address in a sliding window, on a clock the test moves. */
class LoginThrottleTests {

	private final TestClock clock = new TestClock(Instant.parse("2026-01-31T10:00:00Z"));

	private final LoginThrottle throttle = new LoginThrottle(
			new AuthProperties("unused", Duration.ofHours(1), 3, 5, Duration.ofMinutes(15)), this.clock);

	@Test
	void anAccountIsThrottledAfterItsMaximumOfFailuresWithRetryAfterUntilTheOldestLeavesTheWindow() {
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(1));
		this.throttle.failed("a@example.com", "10.0.0.2");
		this.throttle.failed("a@example.com", "10.0.0.3");

		TooManyRequestsException refused = refused("a@example.com", "10.0.0.4");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(14));
		assertThat(refused.getMessage()).contains("Too many failed logins", "840 seconds");
		assertThatCode(() -> this.throttle.check("b@example.com", "10.0.0.4")).doesNotThrowAnyException();

		this.clock.advance(Duration.ofMinutes(14).minusSeconds(1));
		assertThat(refused("a@example.com", "10.0.0.4").retryAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThatCode(() -> this.throttle.check("a@example.com", "10.0.0.4")).doesNotThrowAnyException();
	}

	@Test
	void oneAddressIsThrottledAfterItsMaximumOfFailuresWhicheverAccountsItTries() {
		for (int i = 0; i < 5; i++) {
			this.throttle.failed("victim" + i + "@example.com", "203.0.113.9");
			this.clock.advance(Duration.ofSeconds(10));
		}
		TooManyRequestsException refused = refused("someone-new@example.com", "203.0.113.9");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(15).minusSeconds(50));
		assertThatCode(() -> this.throttle.check("someone-new@example.com", "203.0.113.10")).doesNotThrowAnyException();

		this.clock.advance(Duration.ofMinutes(15).minusSeconds(50));
		assertThatCode(() -> this.throttle.check("someone-new@example.com", "203.0.113.9")).doesNotThrowAnyException();
	}

	@Test
	void aSuccessfulLoginClearsTheAccountsCountButNotTheAddresss() {
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.throttle.succeeded("a@example.com");
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.throttle.failed("a@example.com", "10.0.0.1");
		assertThatCode(() -> this.throttle.check("a@example.com", "10.0.0.2")).doesNotThrowAnyException();
		this.throttle.failed("a@example.com", "10.0.0.1");
		assertThat(refused("other@example.com", "10.0.0.1").getMessage()).contains("Too many failed logins");
	}

	@Test
	void failuresOlderThanTheWindowNoLongerCount() {
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(15));
		this.throttle.failed("a@example.com", "10.0.0.1");
		this.throttle.failed("a@example.com", "10.0.0.1");
		assertThatCode(() -> this.throttle.check("a@example.com", "10.0.0.1")).doesNotThrowAnyException();
	}

	private TooManyRequestsException refused(String email, String address) {
		TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
				() -> this.throttle.check(email, address));
		assertThat(refused).as("a throttled login for %s from %s", email, address).isNotNull();
		return refused;
	}

	/** A clock that stands still until the test moves it. */
	static final class TestClock extends Clock {

		private Instant now;

		TestClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
