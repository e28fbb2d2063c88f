package dev.llmchat.frontend.backend;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A chat with its settings and, when asked for, the messages of its shown branch in order.
 */
public record Chat(long id, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt, String systemPrompt,
		String model, Double temperature, Double topP, Integer maxTokens, String titleSource, List<Message> messages) {

	public Chat {
		messages = (messages != null) ? List.copyOf(messages) : List.of();
	}

	/** Whether an answer is being generated in this chat: its message is stored as {@code streaming} meanwhile. */
	public boolean answerRunning() {
		return this.messages.stream().anyMatch((message) -> "streaming".equals(message.status()));
	}

}
