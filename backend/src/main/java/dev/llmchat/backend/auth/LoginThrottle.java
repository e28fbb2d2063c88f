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
 * window answer 429 with Retry-After until the oldest failure leaves the window. A successful login clears the
 * account's count.
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

	void check(String email, String address) {
		Instant now = this.clock.instant();
		check("account:" + email, this.properties.maxFailuresPerAccount(), now);
		check("address:" + address, this.properties.maxFailuresPerAddress(), now);
	}

	void failed(String email, String address) {
		Instant now = this.clock.instant();
		if (this.failures.size() > MAX_TRACKED_KEYS) {
			this.failures.entrySet().removeIf(entry -> expired(entry.getValue(), now));
		}
		record("account:" + email, now);
		record("address:" + address, now);
	}

	void succeeded(String email) {
		this.failures.remove("account:" + email);
	}

	private void check(String key, int max, Instant now) {
		Deque<Instant> times = this.failures.get(key);
		if (times == null) {
			return;
		}
		synchronized (times) {
			prune(times, now);
			if (times.size() >= max) {
				Duration retryAfter = Duration.between(now, times.peekFirst().plus(this.properties.failureWindow()));
				throw new TooManyRequestsException(
						"Too many failed logins. Wait " + Math.max(1, retryAfter.toSeconds()) + " seconds and try again.",
						retryAfter);
			}
		}
	}

	private void record(String key, Instant now) {
		Deque<Instant> times = this.failures.computeIfAbsent(key, k -> new ArrayDeque<>());
		synchronized (times) {
			prune(times, now);
			times.addLast(now);
		}
	}

	private void prune(Deque<Instant> times, Instant now) {
		Instant start = now.minus(this.properties.failureWindow());
		while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
			times.removeFirst();
		}
	}

	private boolean expired(Deque<Instant> times, Instant now) {
		synchronized (times) {
			prune(times, now);
			return times.isEmpty();
		}
	}

}
