package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.TestClock;
import dev.llmchat.backend.system.TooManyRequestsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failed logins are counted per account and per client address in a sliding window, on a clock the test moves;
 * attempts whose password is being checked hold a slot until they end, and others wait for a free one. Every
 * implementation behaves alike: each one's tests extend these.
 */
abstract class LoginThrottleTests {

	final TestClock clock = new TestClock(Instant.parse("2026-01-31T10:00:00Z"));

	private LoginThrottle throttle;

	/** A throttle with nothing counted yet. */
	abstract LoginThrottle throttle(AuthProperties properties, Clock clock);

	/** Checks that the throttle keeps nothing about any account or address: no failures, no attempts running. */
	abstract void assertRemembersNothing(LoginThrottle throttle);

	@BeforeEach
	void newThrottle() {
		this.throttle = throttle(3, 5, Duration.ofSeconds(10));
	}

	@Test
	void anAccountIsThrottledAfterItsMaximumOfFailuresWithRetryAfterUntilTheOldestLeavesTheWindow() {
		fail("a@example.com", "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(1));
		fail("a@example.com", "10.0.0.2");
		fail("a@example.com", "10.0.0.3");

		TooManyRequestsException refused = refused("a@example.com", "10.0.0.4");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(14));
		assertThat(refused.getMessage()).contains("Too many failed logins", "840 seconds");
		succeed("b@example.com", "10.0.0.4");

		this.clock.advance(Duration.ofMinutes(14).minusSeconds(1));
		assertThat(refused("a@example.com", "10.0.0.4").retryAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		succeed("a@example.com", "10.0.0.4");
	}

	@Test
	void oneAddressIsThrottledAfterItsMaximumOfFailuresWhicheverAccountsItTries() {
		for (int i = 0; i < 5; i++) {
			fail("victim" + i + "@example.com", "203.0.113.9");
			this.clock.advance(Duration.ofSeconds(10));
		}
		TooManyRequestsException refused = refused("someone-new@example.com", "203.0.113.9");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(15).minusSeconds(50));
		succeed("someone-new@example.com", "203.0.113.10");

		this.clock.advance(Duration.ofMinutes(15).minusSeconds(50));
		succeed("someone-new@example.com", "203.0.113.9");
	}

	@Test
	void aSuccessfulLoginClearsTheAccountsCountButNotTheAddresssAndIsNotCountedItself() {
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		succeed("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		// account: 2 failures since the success; address: 4 failures, the success not counted
		succeed("a@example.com", "10.0.0.1");
		fail("b@example.com", "10.0.0.1");
		assertThat(refused("other@example.com", "10.0.0.1").getMessage()).contains("Too many failed logins");
	}

	@Test
	void anAttemptRefusedForItsAddressDoesNotCountAgainstTheAccount() {
		for (int i = 0; i < 5; i++) {
			fail("other" + i + "@example.com", "10.0.0.9");
		}
		for (int i = 0; i < 10; i++) {
			refused("a@example.com", "10.0.0.9");
		}
		succeed("a@example.com", "10.0.0.1");
	}

	@Test
	void failuresOlderThanTheWindowNoLongerCount() {
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(15));
		fail("a@example.com", "10.0.0.1");
		fail("a@example.com", "10.0.0.1");
		succeed("a@example.com", "10.0.0.1");
	}

	@Test
	void anAttemptEndedWithoutAVerdictCountsNoFailure() {
		for (int i = 0; i < 10; i++) {
			this.throttle.begin("a@example.com", "10.0.0.1").close();
		}
		succeed("a@example.com", "10.0.0.1");
		assertRemembersNothing(this.throttle);
	}

	@Test
	void thirtyConcurrentWrongGuessesForOneAccountCheckNoMoreThanFivePasswords() throws Exception {
		LoginThrottle defaults = throttle(5, 20, Duration.ofSeconds(10));
		List<Outcome> outcomes = concurrently(30, (i) -> new Login(defaults, "target@example.com", "198.51.100." + i,
				false));
		assertThat(outcomes).filteredOn(Outcome::checked).as("passwords checked").hasSize(5);
		assertThat(outcomes).filteredOn((outcome) -> !outcome.checked())
			.hasSize(25)
			.allSatisfy((outcome) -> assertThat(outcome.refusal()).startsWith("Too many failed logins. Wait 900 seconds"));
	}

	@Test
	void sixtyConcurrentWrongGuessesAcrossAccountsFromOneAddressCheckNoMoreThanTwentyPasswords() throws Exception {
		LoginThrottle defaults = throttle(5, 20, Duration.ofSeconds(10));
		List<Outcome> outcomes = concurrently(60, (i) -> new Login(defaults, "victim" + i + "@example.com",
				"203.0.113.9", false));
		assertThat(outcomes).filteredOn(Outcome::checked).as("passwords checked").hasSize(20);
		assertThat(outcomes).filteredOn((outcome) -> !outcome.checked())
			.hasSize(40)
			.allSatisfy((outcome) -> assertThat(outcome.refusal()).startsWith("Too many failed logins"));
	}

	@Test
	void aHundredConcurrentCorrectLoginsFromOneAddressAllGetInAtMostTwentyAtATime() throws Exception {
		LoginThrottle defaults = throttle(5, 20, Duration.ofSeconds(10));
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		List<Outcome> outcomes = concurrently(100, (i) -> new Login(defaults, "person" + i + "@example.com",
				"192.0.2.1", true) {

			@Override
			void check() throws InterruptedException {
				mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
				super.check();
				running.decrementAndGet();
			}

		});
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.refusal()).isNull());
		assertThat(mostAtOnce.get()).as("passwords checked at once").isLessThanOrEqualTo(20);
		assertRemembersNothing(defaults);
	}

	@Test
	void aLoginWaitingBehindWrongGuessesIsRefusedForTheirFailuresOnceTheyFail() throws Exception {
		List<LoginThrottle.Attempt> guesses = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			guesses.add(this.throttle.begin("a@example.com", "198.51.100." + i));
		}
		try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<TooManyRequestsException> waiting = thread
				.submit(() -> catchThrowableOfType(TooManyRequestsException.class,
						() -> this.throttle.begin("a@example.com", "10.0.0.1")));
			Thread.sleep(100);
			assertThat(waiting).as("waits while the guesses are checked").isNotDone();
			guesses.forEach(LoginThrottle.Attempt::failed);
			TooManyRequestsException refused = waiting.get();
			assertThat(refused.getMessage()).startsWith("Too many failed logins. Wait 900 seconds");
			assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(15));
		}
	}

	@Test
	void aLoginWaitingBehindAnotherGetsInWhenThatOneSucceeds() throws Exception {
		List<LoginThrottle.Attempt> running = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			running.add(this.throttle.begin("person" + i + "@example.com", "10.0.0.1"));
		}
		try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<LoginThrottle.Attempt> waiting = thread.submit(() -> this.throttle.begin("late@example.com", "10.0.0.1"));
			Thread.sleep(100);
			assertThat(waiting).isNotDone();
			running.getFirst().succeeded();
			waiting.get().succeeded();
		}
		running.subList(1, 5).forEach(LoginThrottle.Attempt::succeeded);
		assertRemembersNothing(this.throttle);
	}

	@Test
	void aLoginThatGetsNoTurnInTimeIsRefusedAsBusyWithoutClaimingFailures() {
		LoginThrottle impatient = throttle(3, 5, Duration.ofMillis(200));
		List<LoginThrottle.Attempt> running = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			running.add(impatient.begin("a@example.com", "198.51.100." + i));
		}
		long start = System.nanoTime();
		TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
				() -> impatient.begin("a@example.com", "10.0.0.1"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(refused.getMessage()).isEqualTo("Too many sign-ins at once; try again in a few seconds.")
			.doesNotContainIgnoringCase("fail");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5));
		running.forEach(LoginThrottle.Attempt::close);
		impatient.begin("a@example.com", "10.0.0.1").failed();
		impatient.begin("a@example.com", "10.0.0.1").failed();
		assertThatCode(() -> impatient.begin("a@example.com", "10.0.0.1").succeeded()).as("the busy one counted no failure")
			.doesNotThrowAnyException();
	}

	private LoginThrottle throttle(int perAccount, int perAddress, Duration maxLoginWait) {
		return throttle(new AuthProperties("unused", Duration.ofHours(1), perAccount, perAddress,
				Duration.ofMinutes(15), maxLoginWait), this.clock);
	}

	/** A login that began and whose password turned out wrong. */
	private void fail(String email, String address) {
		this.throttle.begin(email, address).failed();
	}

	private void succeed(String email, String address) {
		assertThatCode(() -> this.throttle.begin(email, address).succeeded()).doesNotThrowAnyException();
	}

	private TooManyRequestsException refused(String email, String address) {
		TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
				() -> this.throttle.begin(email, address));
		assertThat(refused).as("a throttled login for %s from %s", email, address).isNotNull();
		return refused;
	}

	/** Starts the logins all at once, each on a virtual thread as requests run, and waits for every one. */
	private static List<Outcome> concurrently(int count, IntFunction<Login> login) throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Outcome>> outcomes = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				Login one = login.apply(i);
				outcomes.add(threads.submit(() -> {
					go.await();
					return one.run();
				}));
			}
			go.countDown();
		}
		List<Outcome> all = new ArrayList<>();
		for (Future<Outcome> outcome : outcomes) {
			all.add(outcome.get());
		}
		return all;
	}

	/** A login as the service runs it: admitted, its password checked (a few milliseconds here), then ended. */
	private static class Login {

		private final LoginThrottle throttle;

		private final String email;

		private final String address;

		private final boolean rightPassword;

		Login(LoginThrottle throttle, String email, String address, boolean rightPassword) {
			this.throttle = throttle;
			this.email = email;
			this.address = address;
			this.rightPassword = rightPassword;
		}

		Outcome run() throws InterruptedException {
			LoginThrottle.Attempt attempt;
			try {
				attempt = this.throttle.begin(this.email, this.address);
			}
			catch (TooManyRequestsException ex) {
				return new Outcome(false, ex.getMessage());
			}
			try (attempt) {
				check();
				if (this.rightPassword) {
					attempt.succeeded();
				}
				else {
					attempt.failed();
				}
			}
			return new Outcome(true, null);
		}

		void check() throws InterruptedException {
			Thread.sleep(5);
		}

	}

	/** Whether the login's password was checked, or the sentence it was refused with. */
	private record Outcome(boolean checked, String refusal) {
	}

}
