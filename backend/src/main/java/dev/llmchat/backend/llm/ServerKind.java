package dev.llmchat.backend.llm;

/** The kinds of OpenAI-compatible model server told apart by what they answer, for their context window. */
enum ServerKind {

	/** {@code max_model_len} or {@code owned_by: "vllm"} in {@code /v1/models}. */
	VLLM,

	/** llama.cpp's llama-server: {@code owned_by: "llamacpp"} or {@code meta.n_ctx_train}, or a {@code GET /props}. */
	LLAMA_CPP,

	/** Ollama: a {@code GET /api/version} at the root. */
	OLLAMA,

	/** Any other server that speaks the OpenAI API: it tells nothing about its window. */
	OTHER;

	/**
	 * Whether its {@code /tokenize} may count a chat with its template: vLLM's does; llama.cpp's knows no chat and
	 * Ollama has none; an unknown server is asked.
	 */
	boolean mayCountTokens() {
		return this == VLLM || this == OTHER;
	}

}
