package dev.llmchat.backend.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A chat with its settings, and with the messages of the branch it shows when it is opened.
 *
 * @param messageCount how many messages the chat stores, every version included
 * @param titleSource where the title comes from
 */
public record ChatView(Long id, String title, TitleSource titleSource, Instant createdAt, Instant updatedAt,
		long messageCount, String systemPrompt, String model, Double temperature, Double topP, Integer maxTokens,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<MessageView> messages) {

	static ChatView of(Chat chat, long messageCount, List<MessageView> messages) {
		return new ChatView(chat.getId(), chat.getTitle(), chat.getTitleSource(), chat.getCreatedAt(),
				chat.getUpdatedAt(), messageCount, chat.getSystemPrompt(), chat.getModel(), chat.getTemperature(),
				chat.getTopP(), chat.getMaxTokens(), messages);
	}

}
