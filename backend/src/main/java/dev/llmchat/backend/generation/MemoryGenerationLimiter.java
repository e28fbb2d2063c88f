package dev.llmchat.backend.generation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The generation limit of a backend that is alone on its database: each user's starts in the last minute, in memory. */
final class MemoryGenerationLimiter implements GenerationLimiter {

	private final Map<Long, Deque<Instant>> starts = new ConcurrentHashMap<>();

	private final GenerationProperties properties;

	private final Clock clock;

	MemoryGenerationLimiter(GenerationProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void acquire(Long userId) {
		Instant now = this.clock.instant();
		Deque<Instant> times = this.starts.computeIfAbsent(userId, id -> new ArrayDeque<>());
		synchronized (times) {
			while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
				times.removeFirst();
			}
			if (times.size() >= this.properties.perUserPerMinute()) {
				throw GenerationLimiter.refusal(times.size(), times.peekFirst().plus(WINDOW), now);
			}
			times.addLast(now);
		}
	}

}
