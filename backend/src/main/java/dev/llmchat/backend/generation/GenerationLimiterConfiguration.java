package dev.llmchat.backend.generation;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.llmchat.backend.cluster.Replica;
import dev.llmchat.backend.cluster.SharedCounts;

/** Where the generation limit counts: in memory when this backend is alone, in the database shared by replicas. */
@Configuration(proxyBeanMethods = false)
class GenerationLimiterConfiguration {

	@Bean
	GenerationLimiter generationLimiter(Replica replica, SharedCounts counts, GenerationProperties properties,
			Clock clock) {
		return replica.shared() ? new DatabaseGenerationLimiter(counts, properties, clock)
				: new MemoryGenerationLimiter(properties, clock);
	}

}
