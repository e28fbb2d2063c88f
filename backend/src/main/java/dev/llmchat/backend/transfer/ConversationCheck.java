package dev.llmchat.backend.transfer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.generation.GenerationProperties;

/**
 * Checks a conversation read from an imported file against what the API itself accepts, and puts its messages in
 * the order they can be stored in: each parent before its children, otherwise by key. Missing settings get the
 * values a new chat has; an answer left {@code streaming} in the file becomes {@code interrupted}, as a crash
 * leaves it. Walks the tree with a queue, never recursively, so a deep conversation costs no stack.
 */
@Component
class ConversationCheck {

	// the same limits as the chat API's (dev.llmchat.backend.chat.ChatLimits)
	private static final int TITLE = 200;

	private static final int SYSTEM_PROMPT = 16_384;

	private static final int NAME = 200;

	private static final int MAX_TOKENS = 1_000_000;

	private static final int ERROR = 16_384;

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	private static final Set<String> TITLE_SOURCES = Set.of("default", "question", "model", "user");

	private static final Set<String> ROLES = Set.of("user", "assistant", "system");

	private static final Set<String> STATUSES = Set.of("complete", "streaming", "interrupted", "error");

	private final TransferProperties limits;

	private final int maxPromptBytes;

	private final Clock clock;

	ConversationCheck(TransferProperties limits, GenerationProperties generation, Clock clock) {
		this.limits = limits;
		this.maxPromptBytes = generation.maxPromptBytes();
		this.clock = clock;
	}

	/** The conversation as it will be stored, or a {@link RejectedConversation} saying what is wrong with it. */
	ExportedChat check(ExportedChat chat) {
		String title = (chat.title() == null) ? "" : chat.title().strip();
		require(!title.isEmpty(), "It has no title.");
		require(title.length() <= TITLE, "Its title is longer than " + TITLE + " characters.");
		String titleSource = (chat.titleSource() == null) ? "user" : chat.titleSource();
		require(TITLE_SOURCES.contains(titleSource), "Its title_source is not one of " + TITLE_SOURCES + ".");
		require(length(chat.systemPrompt()) <= SYSTEM_PROMPT,
				"Its system prompt is longer than " + SYSTEM_PROMPT + " characters.");
		require(length(chat.model()) <= NAME, "Its model's name is longer than " + NAME + " characters.");
		require(chat.temperature() == null || (chat.temperature() >= 0 && chat.temperature() <= 2),
				"Its temperature is not between 0 and 2.");
		require(chat.topP() == null || (chat.topP() > 0 && chat.topP() <= 1), "Its top_p is not above 0 and at most 1.");
		require(chat.maxTokens() == null || (chat.maxTokens() >= 1 && chat.maxTokens() <= MAX_TOKENS),
				"Its max_tokens is not between 1 and " + MAX_TOKENS + ".");
		Instant createdAt = time(chat.createdAt(), this.clock.instant(), "created_at");
		List<ExportedMessage> messages = (chat.messages() == null) ? List.of() : chat.messages();
		require(messages.size() <= this.limits.maxMessages(), "It has " + messages.size()
				+ " messages; at most " + this.limits.maxMessages() + " are imported in one conversation.");
		List<ExportedMessage> checked = new ArrayList<>(messages.size());
		for (ExportedMessage message : messages) {
			checked.add(message(message, createdAt));
		}
		List<ExportedMessage> ordered = parentsFirst(checked);
		require(chat.current() == null || ordered.stream().anyMatch(message -> message.key().equals(chat.current())),
				"Its current message " + chat.current() + " is not one of its messages.");
		Instant lastMessage = ordered.stream().map(ExportedMessage::createdAt).max(Instant::compareTo).orElse(createdAt);
		Instant updatedAt = time(chat.updatedAt(), lastMessage.isAfter(createdAt) ? lastMessage : createdAt,
				"updated_at");
		return new ExportedChat(title, titleSource, blankToNull(chat.systemPrompt()), blankToNull(chat.model()),
				chat.temperature(), chat.topP(), chat.maxTokens(), createdAt, updatedAt, chat.current(), ordered);
	}

	private ExportedMessage message(ExportedMessage message, Instant chatCreatedAt) {
		require(message != null, "A message is null instead of an object.");
		require(message.key() != null, "A message has no key.");
		String which = "Message " + message.key();
		require(ROLES.contains(message.role()), which + " has the role " + shown(message.role())
				+ "; only user, assistant and system are imported.");
		require(message.content() != null, which + " has no content.");
		long limit = "assistant".equals(message.role()) ? this.limits.maxAnswerBytes().toBytes() : this.maxPromptBytes;
		require(utf8Length(message.content()) <= limit, which + " is longer than " + limit + " bytes.");
		String status = (message.status() == null) ? "complete" : message.status();
		require(STATUSES.contains(status), which + " has the status " + shown(status) + "; expected one of "
				+ STATUSES + ".");
		require(length(message.model()) <= NAME && length(message.finishReason()) <= NAME
				&& length(message.error()) <= ERROR, which + " has a model, finish_reason or error that is too long.");
		require(atLeastZero(message.promptTokens()) && atLeastZero(message.completionTokens())
				&& atLeastZero(message.ttftMs()) && atLeastZero(message.durationMs()),
				which + " has a negative token count or duration.");
		boolean cut = "streaming".equals(status);
		return new ExportedMessage(message.key(), message.parent(), message.role(), message.content(),
				cut ? "interrupted" : status, message.model(),
				(cut && message.finishReason() == null) ? "interrupted" : message.finishReason(), message.error(),
				message.promptTokens(), message.completionTokens(), message.ttftMs(), message.durationMs(),
				time(message.createdAt(), chatCreatedAt, which + "'s created_at"));
	}

	/**
	 * The messages with each parent before its children and otherwise in the order of their keys; refuses a key
	 * used twice, a parent that is not in the conversation, and parents that form a cycle (those messages are never
	 * reached from a first message).
	 */
	private static List<ExportedMessage> parentsFirst(List<ExportedMessage> messages) {
		Map<Integer, List<ExportedMessage>> children = new HashMap<>();
		Set<Integer> keys = new HashSet<>();
		for (ExportedMessage message : messages) {
			require(keys.add(message.key()), "The key " + message.key() + " is used by two messages.");
		}
		PriorityQueue<ExportedMessage> ready = new PriorityQueue<>((a, b) -> Integer.compare(a.key(), b.key()));
		for (ExportedMessage message : messages) {
			if (message.parent() == null) {
				ready.add(message);
			}
			else {
				require(keys.contains(message.parent()), "Message " + message.key() + " follows message "
						+ message.parent() + ", which is not in the conversation.");
				children.computeIfAbsent(message.parent(), key -> new ArrayList<>()).add(message);
			}
		}
		List<ExportedMessage> ordered = new ArrayList<>(messages.size());
		while (!ready.isEmpty()) {
			ExportedMessage next = ready.poll();
			ordered.add(next);
			ready.addAll(children.getOrDefault(next.key(), List.of()));
		}
		require(ordered.size() == messages.size(), "The parents of its messages form a cycle.");
		return ordered;
	}

	private static Instant time(Instant value, Instant otherwise, String name) {
		if (value == null) {
			return otherwise;
		}
		require(!value.isBefore(Instant.EPOCH) && !value.isAfter(LATEST), "Its " + name + " is not a date between "
				+ "1970 and 9999.");
		return value;
	}

	private static void require(boolean condition, String reason) {
		if (!condition) {
			throw new RejectedConversation(reason);
		}
	}

	private static boolean atLeastZero(Number value) {
		return value == null || value.longValue() >= 0;
	}

	private static int length(String text) {
		return (text == null) ? 0 : text.length();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String shown(String value) {
		return (value == null) ? "null" : "\"" + ShownText.of(value, 40) + "\"";
	}

	/** The length of the text in UTF-8, without encoding it. */
	static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
