package dev.llmchat.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which model server the simulator acts as. They share the OpenAI chat completions; they differ in what they say
 * about their context window and in what they do with a prompt that does not fit it.
 */
public enum Personality {

	/**
	 * vLLM: {@code max_model_len} in {@code /v1/models}, {@code /tokenize} with the chat template, a 400 "maximum
	 * context length" refusal.
	 */
	VLLM,

	/**
	 * llama.cpp's llama-server: {@code meta.n_ctx_train} in {@code /v1/models}, the window in {@code GET /props}, a 400
	 * {@code exceed_context_size_error} refusal carrying {@code n_prompt_tokens} and {@code n_ctx}.
	 */
	LLAMACPP,

	/**
	 * Ollama: nothing about the window in {@code /v1/models}, {@code POST /api/show} and {@code GET /api/ps} at the
	 * root, and a prompt longer than the window silently cut to fit.
	 */
	OLLAMA;

	private final String id = name().toLowerCase(Locale.ROOT);

	/**
	 * The id used by the command line: {@code vllm}, {@code llamacpp} or {@code ollama}.
	 */
	public String id() {
		return this.id;
	}

	static Personality fromId(String id) {
		for (Personality personality : values()) {
			if (personality.id.equals(id.toLowerCase(Locale.ROOT))) {
				return personality;
			}
		}
		throw new IllegalArgumentException("expected one of " + ids() + ", got '" + id + "'");
	}

	private static String ids() {
		return Arrays.stream(values()).map(Personality::id).collect(Collectors.joining(", "));
	}

}
