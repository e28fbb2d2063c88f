package dev.llmchat.backend.llm;

import java.util.Map;

/**
 * What the latest probe learned about the model server's context windows.
 *
 * @param kind the kind of server
 * @param windows the window of each served model whose window the server told
 * @param otherwise the window of any other model name
 * @param otherwiseTold whether the server told that one too, or it is a fallback (configured, or a bound)
 * @param ollama what an Ollama probe keeps for the next one
 */
record ServerWindows(ServerKind kind, Map<String, Integer> windows, int otherwise, boolean otherwiseTold,
		OllamaMemory ollama) {

	ServerWindows {
		windows = Map.copyOf(windows);
	}

	/** Nothing learned (yet): every model gets the configured window. */
	static ServerWindows unknown(int configured) {
		return sameForAll(ServerKind.OTHER, configured, false);
	}

	static ServerWindows sameForAll(ServerKind kind, int window, boolean told) {
		return new ServerWindows(kind, Map.of(), window, told, OllamaMemory.NONE);
	}

	int window(String model) {
		return this.windows.getOrDefault(model, this.otherwise);
	}

	/** Whether the server told this model's window, rather than it being a fallback. */
	boolean told(String model) {
		return this.windows.containsKey(model) || this.otherwiseTold;
	}

	/**
	 * What an Ollama probe keeps for the next: each model's {@code /api/show} facts with the {@code created} time they
	 * belong to (a model is created anew to change its parameters), and the smallest context {@code /api/ps} has shown
	 * for a model, which tells a server default below Ollama's own.
	 *
	 * @param shown the facts of each model
	 * @param lowestLoaded the smallest loaded context seen per model
	 */
	record OllamaMemory(Map<String, ShownModel> shown, Map<String, Integer> lowestLoaded) {

		static final OllamaMemory NONE = new OllamaMemory(Map.of(), Map.of());

		OllamaMemory {
			shown = Map.copyOf(shown);
			lowestLoaded = Map.copyOf(lowestLoaded);
		}

	}

	/**
	 * What {@code /api/show} told of a model.
	 *
	 * @param created the model's {@code created} time in {@code /v1/models} when it was asked
	 * @param numCtx its {@code num_ctx} parameter, or null
	 * @param trained its trained context ({@code <arch>.context_length}), or null
	 */
	record ShownModel(long created, Integer numCtx, Integer trained) {
	}

}
