package dev.llmchat.backend.generation;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.chat.ConversationStore;
import dev.llmchat.backend.llm.LlmProperties;
import dev.llmchat.backend.llm.ModelCatalog;

/**
 * What an operator scrapes about the answers of this replica (README, "Metrics"): how each ended, how soon its first
 * token came, how long it took and how many tokens the model wrote, recorded once when it ends and never per token;
 * and how many run now. A request may name any model, and each name would make new time series: the {@code model}
 * tag is the default model or one the model server serves, else {@value #OTHER_MODEL}.
 */
@Component
class GenerationMetrics {

	static final String OTHER_MODEL = "other";

	private static final String REJECTED = "rejected";

	private static final Duration[] TTFT_BUCKETS = { Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
			Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
			Duration.ofSeconds(120) };

	private static final Duration[] DURATION_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
			Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30) };

	private final MeterRegistry meters;

	private final ModelCatalog catalog;

	private final String defaultModel;

	GenerationMetrics(MeterRegistry meters, GenerationRegistry running, ModelCatalog catalog, LlmProperties llm) {
		this.meters = meters;
		this.catalog = catalog;
		this.defaultModel = llm.defaultModel();
		Gauge.builder("llmchat.generations.active", running, (registry) -> registry.all().size())
			.description("Answers this replica is generating now")
			.register(meters);
	}

	/** An answer ended, stored in its final state. */
	void ended(String model, ConversationStore.FinalAnswer answer) {
		String tag = modelTag(model);
		String outcome = answer.status().wireName();
		count(tag, outcome);
		if (answer.ttftMs() != null) {
			timer("llmchat.generation.ttft", "Time from the request to the answer's first token", TTFT_BUCKETS, tag,
					outcome)
				.record(Duration.ofMillis(answer.ttftMs()));
		}
		timer("llmchat.generation.duration", "Time from the request to the answer's end", DURATION_BUCKETS, tag, outcome)
			.record(Duration.ofMillis(answer.durationMs()));
		if (answer.completionTokens() != null) {
			Counter.builder("llmchat.generation.tokens")
				.description("Tokens the model wrote in answers")
				.tag("model", tag)
				.register(this.meters)
				.increment(answer.completionTokens());
		}
	}

	/** A request for an answer was refused before it started: one runs in the chat (409), or the limit (429). */
	void rejected(String requestedModel) {
		boolean named = requestedModel != null && !requestedModel.isBlank();
		count(modelTag(named ? requestedModel.strip() : this.defaultModel), REJECTED);
	}

	private void count(String model, String outcome) {
		Counter.builder("llmchat.generations")
			.description("Answers by how they ended: complete, interrupted, error, or rejected before they started")
			.tags("model", model, "outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private Timer timer(String name, String description, Duration[] buckets, String model, String outcome) {
		return Timer.builder(name)
			.description(description)
			.tags("model", model, "outcome", outcome)
			.serviceLevelObjectives(buckets)
			.register(this.meters);
	}

	private String modelTag(String model) {
		return (model.equals(this.defaultModel) || this.catalog.serves(model)) ? model : OTHER_MODEL;
	}

}
