package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.TooManyRequestsException;

/**
 * Slows down password guessing: too many failed logins for one account, or from one client address, within the
 * window answer 429 with Retry-After until the oldest failure leaves the window.
 * <p>
 * An attempt is counted when it begins, before its password is checked, and withdrawn when it succeeds. Counting
 * only after the check would let a burst of concurrent guesses all pass the limit while their hashes are being
 * compared. A successful login also clears the account's count.
 */
@Component
class LoginThrottle {

	private static final int MAX_TRACKED_KEYS = 100_000;

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

	private final AuthProperties properties;

	private final Clock clock;

	LoginThrottle(AuthProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Counts a login attempt for the account and the address, or refuses it with 429 when either has reached its
	 * maximum of failures in the window.
	 */
	Attempt begin(String email, String address) {
		Instant now = this.clock.instant();
		if (this.failures.size() > MAX_TRACKED_KEYS) {
			this.failures.keySet().forEach(key -> this.failures.computeIfPresent(key, (k, times) -> {
				prune(times, now);
				return times.isEmpty() ? null : times;
			}));
		}
		Attempt attempt = new Attempt("account:" + email, "address:" + address, now);
		take(attempt.accountKey(), this.properties.maxFailuresPerAccount(), now);
		try {
			take(attempt.addressKey(), this.properties.maxFailuresPerAddress(), now);
		}
		catch (TooManyRequestsException ex) {
			withdraw(attempt.accountKey(), now);
			throw ex;
		}
		return attempt;
	}

	/** The attempt's password was right: the account starts afresh and the attempt no longer counts. */
	void succeeded(Attempt attempt) {
		this.failures.remove(attempt.accountKey());
		withdraw(attempt.addressKey(), attempt.at());
	}

	/** Atomically: drop what left the window, refuse when the maximum is reached, else count this one. */
	private void take(String key, int max, Instant now) {
		this.failures.compute(key, (k, times) -> {
			Deque<Instant> live = (times != null) ? times : new ArrayDeque<>();
			prune(live, now);
			if (live.size() >= max) {
				Duration retryAfter = Duration.between(now, live.peekFirst().plus(this.properties.failureWindow()));
				throw new TooManyRequestsException(
						"Too many failed logins. Wait " + Math.max(1, retryAfter.toSeconds()) + " seconds and try again.",
						retryAfter);
			}
			live.addLast(now);
			return live;
		});
	}

	private void withdraw(String key, Instant at) {
		this.failures.computeIfPresent(key, (k, times) -> {
			times.removeLastOccurrence(at);
			return times.isEmpty() ? null : times;
		});
	}

	private void prune(Deque<Instant> times, Instant now) {
		Instant start = now.minus(this.properties.failureWindow());
		while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
			times.removeFirst();
		}
	}

	/** A login attempt being checked, counted as a failure unless it succeeds. */
	record Attempt(String accountKey, String addressKey, Instant at) {
	}

}
