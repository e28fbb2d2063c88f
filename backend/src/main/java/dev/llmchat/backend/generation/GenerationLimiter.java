package dev.llmchat.backend.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.TooManyRequestsException;

/** At most {@code perUserPerMinute} generations per user in any minute; more get 429 with Retry-After. */
@Component
class GenerationLimiter {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Map<Long, Deque<Instant>> starts = new ConcurrentHashMap<>();

	private final GenerationProperties properties;

	private final Clock clock;

	GenerationLimiter(GenerationProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	void acquire(Long userId) {
		Instant now = this.clock.instant();
		Deque<Instant> times = this.starts.computeIfAbsent(userId, id -> new ArrayDeque<>());
		synchronized (times) {
			while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
				times.removeFirst();
			}
			if (times.size() >= this.properties.perUserPerMinute()) {
				Duration retryAfter = Duration.between(now, times.peekFirst().plus(WINDOW));
				throw new TooManyRequestsException("You have started " + times.size()
						+ " answers in the last minute, the most allowed. Wait " + Math.max(1, retryAfter.toSeconds())
						+ " seconds.", retryAfter);
			}
			times.addLast(now);
		}
	}

}
