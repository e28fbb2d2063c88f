package dev.llmchat.backend.generation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.chat.ConversationStore.Turn;
import dev.llmchat.backend.llm.ContextOverflow;
import dev.llmchat.backend.llm.LlmClient;
import dev.llmchat.backend.llm.LlmException;
import dev.llmchat.backend.llm.LlmMessage;
import dev.llmchat.backend.llm.ModelCatalog;
import dev.llmchat.backend.system.InvalidRequestException;

/**
 * Fits a conversation into the model's context window: the system prompt, as many of the latest earlier messages as
 * fit, and the new prompt, leaving room for the answer. The window is the one the catalog learned from the server.
 * Counting is cheap first: a conversation whose UTF-8 size (every token is at least one byte) plus the chat template's
 * overhead fits needs no counting at all; otherwise vLLM's {@code /tokenize} counts, or, where the server has none,
 * an estimate on the safe side. When the server still refuses the result, {@link #refit} fits it again from the
 * numbers the server gave.
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

	Fitted fit(Conversation conversation) {
		ModelCatalog.Window window = this.catalog.window(conversation.model());
		return fit(conversation, window.tokens(), conversation.history().size(), counter(conversation, window), true);
	}

	/**
	 * Fits again a conversation the server refused as too long: remembers the window it named, and when it gave its
	 * count of the refused prompt, counts with that (our estimate corrected by the server's count over it), so that
	 * the next try fits exactly; without numbers, keeps half the earlier messages. Always keeps fewer than before;
	 * throws the 413 sentence when only the prompt was left and refused.
	 */
	Fitted refit(Conversation conversation, Fitted refused, ContextOverflow overflow) {
		if (overflow.windowTokens() != null) {
			this.catalog.refusedAt(conversation.model(), overflow.windowTokens());
		}
		ModelCatalog.Window window = this.catalog.window(conversation.model());
		if (refused.keptHistory() == 0) {
			String counted = (overflow.promptTokens() != null)
					? "the model server counted " + overflow.promptTokens() : "about " + refused.promptTokens();
			throw promptTooLong(counted, window.tokens(), reserve(conversation.maxTokens(), window.tokens()));
		}
		if (overflow.promptTokens() != null) {
			double perEstimated = (double) overflow.promptTokens() / estimate(refused.messages());
			return fit(conversation, window.tokens(), refused.keptHistory() - 1,
					messages -> (int) Math.ceil(estimate(messages) * perEstimated), false);
		}
		int keepAtMost = (overflow.windowTokens() != null) ? refused.keptHistory() - 1 : refused.keptHistory() / 2;
		return fit(conversation, window.tokens(), keepAtMost, counter(conversation, window), true);
	}

	private Fitted fit(Conversation conversation, int window, int keepAtMost, ToIntFunction<List<LlmMessage>> count,
			boolean byBytesFirst) {
		int reserve = reserve(conversation.maxTokens(), window);
		int budget = window - reserve;
		if (budget < 1) {
			throw new InvalidRequestException("max_tokens (" + reserve + ") leaves no room for the prompt in the model's "
					+ "context of " + window + " tokens; ask for fewer tokens.");
		}
		String system = (conversation.systemPrompt() != null) ? conversation.systemPrompt()
				: this.properties.defaultSystemPrompt();
		List<Turn> history = conversation.history();
		int from = Math.max(0, history.size() - keepAtMost);
		for (int round = 0; round < MAX_COUNTING_ROUNDS; round++) {
			List<LlmMessage> messages = build(system, history.subList(from, history.size()), conversation.prompt());
			int upperBound = bytesUpperBound(messages);
			if (byBytesFirst && upperBound <= budget) {
				return new Fitted(messages, estimate(messages), history.size() - from);
			}
			int tokens = count.applyAsInt(messages);
			if (tokens <= budget) {
				return new Fitted(messages, tokens, history.size() - from);
			}
			if (from == history.size()) {
				throw promptTooLong("about " + tokens, window, reserve);
			}
			from = dropOldest(history, from, tokens - budget, (double) tokens / upperBound);
		}
		List<LlmMessage> messages = build(system, List.of(), conversation.prompt());
		return new Fitted(messages, estimate(messages), 0);
	}

	/** The server's count where it can count a chat, else the estimate. */
	private ToIntFunction<List<LlmMessage>> counter(Conversation conversation, ModelCatalog.Window window) {
		return window.mayCountTokens() ? messages -> count(conversation.model(), messages) : ContextWindow::estimate;
	}

	private int reserve(Integer maxTokens, int window) {
		return (maxTokens != null) ? maxTokens : Math.min(this.properties.answerReserveTokens(), window / 4);
	}

	private static LlmException promptTooLong(String counted, int window, int reserve) {
		return new LlmException(LlmException.Kind.CONTEXT_TOO_LONG, "The prompt is too long for the model: " + counted
				+ " tokens with the system prompt, and its context of " + window + " tokens leaves " + (window - reserve)
				+ " for them after " + reserve + " for the answer. Shorten it.");
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
	 * What to fit.
	 *
	 * @param model the model the conversation is for
	 * @param systemPrompt the chat's system prompt, null for the default
	 * @param history the earlier messages, oldest first
	 * @param prompt the new prompt
	 * @param maxTokens the answer's limit, null for none
	 */
	record Conversation(String model, String systemPrompt, List<Turn> history, String prompt, Integer maxTokens) {
	}

	/**
	 * @param messages what to send
	 * @param promptTokens their size in tokens (counted, or estimated)
	 * @param keptHistory how many earlier messages were kept
	 */
	record Fitted(List<LlmMessage> messages, int promptTokens, int keptHistory) {
	}

}
