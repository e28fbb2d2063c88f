package dev.llmchat.simulator;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /v1/models} as each personality answers it: only vLLM names the window ({@code max_model_len});
 * llama.cpp names the trained context ({@code meta.n_ctx_train}); Ollama names nothing.
 */
final class ModelList {

	private static final AtomicLong LAST_MODIFICATION = new AtomicLong();

	private final SimulatorConfig config;

	private final long modifiedAt;

	/**
	 * @param modifiedAt when the model was last created or pulled, which Ollama gives as {@code created}
	 */
	ModelList(SimulatorConfig config, Instant modifiedAt) {
		this.config = config;
		this.modifiedAt = modifiedAt.getEpochSecond();
	}

	/**
	 * The modification time of a simulator's model: now, but always a later second than the simulator before it in
	 * this JVM had, since each start stands for a model created anew (with other parameters, perhaps) and a client
	 * tells Ollama's models apart by their {@code created} second.
	 */
	static Instant nextModification() {
		long now = Instant.now().getEpochSecond();
		return Instant.ofEpochSecond(LAST_MODIFICATION.updateAndGet((last) -> Math.max(now, last + 1)));
	}

	String render() {
		return Json.write((json) -> {
			json.writeStartObject();
			if (this.config.personality() == Personality.LLAMACPP) {
				llamaCppModels(json);
			}
			json.writeStringProperty("object", "list");
			json.writeArrayPropertyStart("data");
			json.writeStartObject();
			json.writeStringProperty("id", this.config.modelName());
			json.writeStringProperty("object", "model");
			switch (this.config.personality()) {
				case VLLM -> vllmCard(json);
				case LLAMACPP -> llamaCppCard(json);
				case OLLAMA -> ollamaCard(json);
			}
			json.writeEndObject();
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	private void vllmCard(JsonGenerator json) {
		long now = Instant.now().getEpochSecond();
		json.writeNumberProperty("created", now);
		json.writeStringProperty("owned_by", "vllm");
		json.writeStringProperty("root", this.config.modelName());
		json.writeNullProperty("parent");
		json.writeNumberProperty("max_model_len", this.config.maxModelLen());
		json.writeArrayPropertyStart("permission");
		json.writeStartObject();
		json.writeStringProperty("id",
				"modelperm-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
		json.writeStringProperty("object", "model_permission");
		json.writeNumberProperty("created", now);
		json.writeBooleanProperty("allow_create_engine", false);
		json.writeBooleanProperty("allow_sampling", true);
		json.writeBooleanProperty("allow_logprobs", true);
		json.writeBooleanProperty("allow_search_indices", false);
		json.writeBooleanProperty("allow_view", true);
		json.writeBooleanProperty("allow_fine_tuning", false);
		json.writeStringProperty("organization", "*");
		json.writeNullProperty("group");
		json.writeBooleanProperty("is_blocking", false);
		json.writeEndObject();
		json.writeEndArray();
	}

	/**
	 * The Ollama-style list llama-server puts before the OpenAI one.
	 */
	private void llamaCppModels(JsonGenerator json) {
		json.writeArrayPropertyStart("models");
		json.writeStartObject();
		json.writeStringProperty("name", this.config.modelName());
		json.writeStringProperty("model", this.config.modelName());
		json.writeStringProperty("type", "model");
		json.writeArrayPropertyStart("capabilities");
		json.writeString("completion");
		json.writeEndArray();
		json.writeEndObject();
		json.writeEndArray();
	}

	private void llamaCppCard(JsonGenerator json) {
		json.writeNumberProperty("created", Instant.now().getEpochSecond());
		json.writeStringProperty("owned_by", "llamacpp");
		json.writeObjectPropertyStart("meta");
		json.writeNumberProperty("vocab_type", 2);
		json.writeNumberProperty("n_vocab", 151_936);
		json.writeNumberProperty("n_ctx_train", SimulatorConfig.TRAINED_CONTEXT_LENGTH);
		json.writeNumberProperty("n_embd", 896);
		json.writeNumberProperty("n_params", 494_032_768L);
		json.writeNumberProperty("size", 397_807_936L);
		json.writeEndObject();
	}

	private void ollamaCard(JsonGenerator json) {
		json.writeNumberProperty("created", this.modifiedAt);
		String name = this.config.modelName();
		json.writeStringProperty("owned_by", name.contains("/") ? name.substring(0, name.indexOf('/')) : "library");
	}

}
