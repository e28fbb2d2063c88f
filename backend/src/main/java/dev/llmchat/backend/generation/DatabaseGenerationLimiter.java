package dev.llmchat.backend.generation;

import java.time.Clock;
import java.time.Instant;

import dev.llmchat.backend.cluster.SharedCounts;

/**
 * The generation limit of replicas that share a PostgreSQL database: each start is a row that counts for a minute,
 * added in the transaction that stores the answer, so together the replicas allow a user no more starts than one
 * would, and a start whose answer is then refused (409) is rolled back with it. The user's counter is locked until
 * that transaction ends, so two replicas cannot both admit the last start.
 */
final class DatabaseGenerationLimiter implements GenerationLimiter {

	private final SharedCounts counts;

	private final GenerationProperties properties;

	private final Clock clock;

	DatabaseGenerationLimiter(SharedCounts counts, GenerationProperties properties, Clock clock) {
		this.counts = counts;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void acquire(Long userId) {
		String counter = "generation.started.user:" + userId;
		this.counts.lock(counter);
		SharedCounts.Tally started = this.counts.tally(counter);
		if (started.count() >= this.properties.perUserPerMinute()) {
			throw GenerationLimiter.refusal(started.count(), started.firstExpiry(), Instant.now(this.clock));
		}
		this.counts.add(counter, WINDOW);
	}

}
