package dev.llmchat.backend.generation;

/** The generation limit of a backend alone on SQLite, in its memory. */
class MemoryGenerationLimiterTests extends GenerationLimiterTests {

	@Override
	GenerationLimiter limiter() {
		return new MemoryGenerationLimiter(this.properties, this.clock);
	}

}
