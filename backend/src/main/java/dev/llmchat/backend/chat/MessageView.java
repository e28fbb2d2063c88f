package dev.llmchat.backend.chat;

import java.time.Instant;
import java.util.List;

/**
 * A message as the API shows it, with its place among its versions: the messages of its chat with the same parent.
 *
 * @param parentId the message before it in its branch, null for a chat's first message
 * @param version its 1-based position among its versions, in the order they were written
 * @param versions how many versions it has (1 when it was never edited or regenerated)
 * @param versionIds the ids of all its versions, in order, itself included
 */
public record MessageView(Long id, Long chatId, Long parentId, MessageRole role, String content, MessageStatus status,
		String model, String finishReason, String error, Integer promptTokens, Integer completionTokens, Long ttftMs,
		Long durationMs, Instant createdAt, int version, int versions, List<Long> versionIds) {

}
