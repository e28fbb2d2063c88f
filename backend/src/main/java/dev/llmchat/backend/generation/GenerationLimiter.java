package dev.llmchat.backend.generation;

import java.time.Duration;
import java.time.Instant;

import dev.llmchat.backend.system.TooManyRequestsException;

/**
 * At most {@code perUserPerMinute} generations per user in any minute; more get 429 with Retry-After. Called in the
 * transaction that stores the new answer, so a start the database then refuses is not counted where it can be
 * taken back. {@link GenerationLimiterConfiguration} chooses the implementation.
 */
interface GenerationLimiter {

	Duration WINDOW = Duration.ofMinutes(1);

	/** Counts a start for the user, or refuses it when the user has started the most allowed in the last minute. */
	void acquire(Long userId);

	static TooManyRequestsException refusal(int started, Instant firstLeavesWindow, Instant now) {
		Duration retryAfter = Duration.between(now, firstLeavesWindow);
		return new TooManyRequestsException("You have started " + started
				+ " answers in the last minute, the most allowed. Wait " + Math.max(1, retryAfter.toSeconds())
				+ " seconds.", retryAfter);
	}

}
