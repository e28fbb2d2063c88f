package dev.llmchat.backend.generation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.chat.ConversationStore.Turn;
import dev.llmchat.backend.llm.LlmClient;
import dev.llmchat.backend.llm.LlmMessage;
import dev.llmchat.backend.llm.ModelCatalog;
import dev.llmchat.backend.system.InvalidRequestException;

/**
 * Fits a conversation into the model's context window: the system prompt, as many of the latest earlier messages as
 * fit, and the new prompt, leaving room for the answer. The window is the one the catalog learned from the server.
 * Counting is cheap first: a conversation whose UTF-8 size (every token is at least one byte) plus the chat template's
 * overhead fits needs no counting at all; otherwise vLLM's {@code /tokenize} counts, or, where the server has none,
 * an estimate on the safe side.
 */
@Component
class ContextWindow {

	/** Tokens the chat template adds around each message (Qwen's ChatML adds 4–5) and at the end. */
	static final int PER_MESSAGE_OVERHEAD = 8;

	/** A cautious tokens-per-byte ratio when the server cannot count: real text averages 3–4 bytes per token. */
	static final double ESTIMATE_BYTES_PER_TOKEN = 2.0;

	private static final Duration TOKENIZE_TIMEOUT = Duration.ofSeconds(3);

	private static final int MAX_COUNTING_ROUNDS = 6;

	private final ModelCatalog catalog;

	private final LlmClient llm;

	private final GenerationProperties properties;

	ContextWindow(ModelCatalog catalog, LlmClient llm, GenerationProperties properties) {
		this.catalog = catalog;
		this.llm = llm;
		this.properties = properties;
	}

	/**
	 * @param keepAtMost the most earlier messages to keep (to trim harder after the server said the context was
	 * too long)
	 */
	Fitted fit(String model, String systemPrompt, List<Turn> history, String prompt, Integer maxTokens, int keepAtMost) {
		ModelCatalog.Window known = this.catalog.window(model);
		int window = known.tokens();
		int reserve = maxTokens != null ? maxTokens : Math.min(this.properties.answerReserveTokens(), window / 4);
		int budget = window - reserve;
		if (budget < 1) {
			throw new InvalidRequestException("max_tokens (" + reserve + ") leaves no room for the prompt in the model's "
					+ "context of " + window + " tokens; ask for fewer tokens.");
		}
		String system = (systemPrompt != null) ? systemPrompt : this.properties.defaultSystemPrompt();
		int from = Math.max(0, history.size() - keepAtMost);
		for (int round = 0; round < MAX_COUNTING_ROUNDS; round++) {
			List<LlmMessage> messages = build(system, history.subList(from, history.size()), prompt);
			int upperBound = bytesUpperBound(messages);
			if (upperBound <= budget) {
				return new Fitted(messages, estimate(messages), history.size() - from);
			}
			int count = known.mayCountTokens() ? count(model, messages) : estimate(messages);
			if (count <= budget) {
				return new Fitted(messages, count, history.size() - from);
			}
			if (from == history.size()) {
				throw new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "The prompt is too long for the model: "
						+ "about " + count + " tokens, and the model takes " + budget + " (context " + window
						+ " minus " + reserve + " for the answer). Shorten it.");
			}
			from = dropOldest(history, from, count - budget, (double) count / upperBound);
		}
		List<LlmMessage> messages = build(system, List.of(), prompt);
		return new Fitted(messages, estimate(messages), 0);
	}

	private int count(String model, List<LlmMessage> messages) {
		Optional<Integer> counted = this.llm.countTokens(model, messages, TOKENIZE_TIMEOUT).block();
		return (counted != null && counted.isPresent()) ? counted.get() : estimate(messages);
	}

	/** Skips the oldest messages whose share of the count covers {@code excess}; always at least one. */
	private static int dropOldest(List<Turn> history, int from, int excess, double tokensPerBoundUnit) {
		int dropped = 0;
		int next = from;
		while (next < history.size() && (next == from || dropped < excess)) {
			dropped += (int) Math.ceil(bound(history.get(next).content()) * tokensPerBoundUnit);
			next++;
		}
		return next;
	}

	private static List<LlmMessage> build(String system, List<Turn> history, String prompt) {
		List<LlmMessage> messages = new ArrayList<>(history.size() + 2);
		if (system != null && !system.isBlank()) {
			messages.add(LlmMessage.system(system));
		}
		for (Turn turn : history) {
			messages.add(new LlmMessage(turn.role().wireName(), turn.content()));
		}
		messages.add(LlmMessage.user(prompt));
		return messages;
	}

	static int bytesUpperBound(List<LlmMessage> messages) {
		int total = PER_MESSAGE_OVERHEAD;
		for (LlmMessage message : messages) {
			total += bound(message.content());
		}
		return total;
	}

	static int estimate(List<LlmMessage> messages) {
		int total = PER_MESSAGE_OVERHEAD;
		for (LlmMessage message : messages) {
			total += (int) Math.ceil(utf8Length(message.content()) / ESTIMATE_BYTES_PER_TOKEN) + PER_MESSAGE_OVERHEAD;
		}
		return total;
	}

	private static int bound(String content) {
		return utf8Length(content) + PER_MESSAGE_OVERHEAD;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * @param messages what to send
	 * @param promptTokens their size in tokens (counted, or estimated)
	 * @param keptHistory how many earlier messages were kept
	 */
	record Fitted(List<LlmMessage> messages, int promptTokens, int keptHistory) {
	}

}
