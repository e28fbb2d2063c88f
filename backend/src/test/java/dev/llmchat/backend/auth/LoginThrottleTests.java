package dev.llmchat.backend.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.TestClock;
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
		fail("a@example.com", "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(1));
		fail("a@example.com", "10.0.0.2");
		fail("a@example.com", "10.0.0.3");

		TooManyRequestsException refused = refused("a@example.com", "10.0.0.4");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(14));
		assertThat(refused.getMessage()).contains("Too many failed logins", "840 seconds");
		assertThatCode(() -> this.throttle.begin("b@example.com", "10.0.0.4")).doesNotThrowAnyException();

		this.clock.advance(Duration.ofMinutes(14).minusSeconds(1));
		assertThat(refused("a@example.com", "10.0.0.4").retryAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThatCode(() -> this.throttle.begin("a@example.com", "10.0.0.4")).doesNotThrowAnyException();
	}

	@Test
	void oneAddressIsThrottledAfterItsMaximumOfFailuresWhicheverAccountsItTries() {
		for (int i = 0; i < 5; i++) {
			fail("victim" + i + "@example.com", "203.0.113.9");
			this.clock.advance(Duration.ofSeconds(10));
		}
		TooManyRequestsException refused = refused("someone-new@example.com", "203.0.113.9");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(15).minusSeconds(50));
		assertThatCode(() -> this.throttle.begin("someone-new@example.com", "203.0.113.10")).doesNotThrowAnyException();

		this.clock.advance(Duration.ofMinutes(15).minusSeconds(50));
		assertThatCode(() -> this.throttle.begin("someone-new@example.com", "203.0.113.9")).doesNotThrowAnyException();
	}

	@Test
	void aSuccessfulLoginClearsTheAccountsCountButNotTheAddresssAndIsNotCountedItself() {
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		this.throttle.succeeded(this.throttle.begin("a@example.com", "10.0.0.1"));
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		// account: 2 failures since the success; address: 4 failures, the success not counted
		this.throttle.succeeded(this.throttle.begin("a@example.com", "10.0.0.1"));
		fail("b@example.com", "10.0.0.1");
		assertThat(refused("other@example.com", "10.0.0.1").getMessage()).contains("Too many failed logins");
	}

	@Test
	void concurrentGuessesCannotAllPassTheLimitWhileTheirPasswordsAreBeingChecked() throws Exception {
		int guesses = 50;
		CyclicBarrier together = new CyclicBarrier(guesses);
		List<Future<Boolean>> admitted = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(guesses)) {
			for (int i = 0; i < guesses; i++) {
				String address = "198.51.100." + i;
				admitted.add(threads.submit(() -> {
					together.await();
					try {
						this.throttle.begin("target@example.com", address);
						return true;
					}
					catch (TooManyRequestsException ex) {
						return false;
					}
				}));
			}
			int passed = 0;
			for (Future<Boolean> result : admitted) {
				passed += result.get() ? 1 : 0;
			}
			assertThat(passed).isEqualTo(3);
		}
	}

	@Test
	void anAttemptRefusedForItsAddressDoesNotCountAgainstTheAccount() {
		for (int i = 0; i < 5; i++) {
			fail("other" + i + "@example.com", "10.0.0.9");
		}
		for (int i = 0; i < 10; i++) {
			refused("a@example.com", "10.0.0.9");
		}
		assertThatCode(() -> this.throttle.begin("a@example.com", "10.0.0.1")).doesNotThrowAnyException();
	}

	@Test
	void failuresOlderThanTheWindowNoLongerCount() {
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(15));
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		assertThatCode(() -> this.throttle.begin("a@example.com", "10.0.0.1")).doesNotThrowAnyException();
	}

	/** A login that began and whose password turned out wrong: it stays counted. */
	private void fail(String email, String address) {
		this.throttle.begin(email, address);
	}

	private TooManyRequestsException refused(String email, String address) {
		TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
				() -> this.throttle.begin(email, address));
		assertThat(refused).as("a throttled login for %s from %s", email, address).isNotNull();
		return refused;
	}

}
