package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What each personality does with a prompt and its window: vLLM and llama.cpp refuse a prompt that does not fit, each
 * with its own words and numbers; Ollama never refuses and cuts the conversation instead, dropping its oldest
 * messages but the system ones and the last (as its chat prompt builder does), then the excess tokens (as its runner
 * does).
 */
final class ContextLimit {

	private final Personality personality;

	private final int window;

	private final AtomicBoolean used = new AtomicBoolean();

	ContextLimit(SimulatorConfig config) {
		this.personality = config.personality();
		this.window = config.contextWindow();
	}

	/**
	 * The conversation as the model sees it; throws {@link ApiError} when the server refuses it.
	 * @param overflow whether to act as if the prompt did not fit (the {@code context-length} fault)
	 */
	Admitted admit(List<ChatMessage> messages, Integer maxTokens, boolean overflow) {
		int promptTokens = Tokenizer.promptTokens(messages, true);
		Admitted admitted = switch (this.personality) {
			case VLLM -> {
				checkVllm(overflow ? this.window + promptTokens : promptTokens, maxTokens);
				yield new Admitted(messages, promptTokens);
			}
			case LLAMACPP -> {
				int counted = overflow ? this.window + promptTokens : promptTokens;
				if (counted >= this.window) {
					throw ApiError.exceedContextSize(counted, this.window);
				}
				yield new Admitted(messages, promptTokens);
			}
			case OLLAMA -> cut(messages, overflow);
		};
		this.used.set(true);
		return admitted;
	}

	/**
	 * Whether a prompt has reached the model, which Ollama then keeps loaded.
	 */
	boolean modelLoaded() {
		return this.used.get();
	}

	int window() {
		return this.window;
	}

	private void checkVllm(int promptTokens, Integer maxTokens) {
		if (promptTokens >= this.window) {
			throw ApiError.badRequest("This model's maximum context length is " + this.window
					+ " tokens. However, you requested " + promptTokens
					+ " tokens in the messages, Please reduce the length of the messages. None");
		}
		if (maxTokens != null && promptTokens + (long) maxTokens > this.window) {
			throw ApiError.badRequest("This model's maximum context length is " + this.window
					+ " tokens. However, you requested " + (promptTokens + (long) maxTokens) + " tokens ("
					+ promptTokens + " in the messages, " + maxTokens
					+ " in the completion). Please reduce the length of the messages or completion. None");
		}
	}

	/**
	 * Ollama's cut: the oldest messages go while the rest is longer than the window (all that may go when
	 * {@code overflow}), then the runner keeps the window's worth of tokens.
	 */
	private Admitted cut(List<ChatMessage> messages, boolean overflow) {
		int limit = overflow ? 0 : this.window;
		List<ChatMessage> kept = new ArrayList<>(messages);
		int tokens = Tokenizer.promptTokens(kept, true);
		int oldest = firstDroppable(kept);
		while (tokens > limit && oldest >= 0) {
			kept.remove(oldest);
			tokens = Tokenizer.promptTokens(kept, true);
			oldest = firstDroppable(kept);
		}
		return new Admitted(kept, Math.min(tokens, this.window));
	}

	/**
	 * The oldest message that is neither a system message nor the last one, -1 when there is none.
	 */
	private static int firstDroppable(List<ChatMessage> messages) {
		for (int i = 0; i < messages.size() - 1; i++) {
			if (!"system".equals(messages.get(i).role())) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * @param messages what the model sees
	 * @param promptTokens their length in tokens, as {@code usage.prompt_tokens} reports it
	 */
	record Admitted(List<ChatMessage> messages, int promptTokens) {
	}

}
