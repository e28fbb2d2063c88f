package dev.llmchat.backend.chat;

import java.time.Instant;

/** A message as the API shows it. */
public record MessageView(Long id, Long chatId, MessageRole role, String content, MessageStatus status, String model,
		String finishReason, String error, Integer promptTokens, Integer completionTokens, Long ttftMs, Long durationMs,
		Instant createdAt) {

	public static MessageView of(Message message) {
		return new MessageView(message.getId(), message.getChatId(), message.getRole(), message.getContent(),
				message.getStatus(), message.getModel(), message.getFinishReason(), message.getError(),
				message.getPromptTokens(), message.getCompletionTokens(), message.getTtftMs(), message.getDurationMs(),
				message.getCreatedAt());
	}

}
