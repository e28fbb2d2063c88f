package dev.llmchat.backend.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A chat with its settings, and with its messages when it is opened. */
public record ChatView(Long id, String title, Instant createdAt, Instant updatedAt, long messageCount, String systemPrompt,
		String model, Double temperature, Integer maxTokens,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<MessageView> messages) {

	static ChatView of(Chat chat, long messageCount, List<MessageView> messages) {
		return new ChatView(chat.getId(), chat.getTitle(), chat.getCreatedAt(), chat.getUpdatedAt(), messageCount,
				chat.getSystemPrompt(), chat.getModel(), chat.getTemperature(), chat.getMaxTokens(), messages);
	}

}
