package dev.llmchat.backend.transfer;

import java.time.Instant;

/**
 * A message in an exported chat.
 *
 * @param key numbers the chat's messages 1..n in the order they were written
 * @param parent the key of the message before it in its branch; null for a first message
 */
record ExportedMessage(Integer key, Integer parent, String role, String content, String status, String model,
		String finishReason, String error, Integer promptTokens, Integer completionTokens, Long ttftMs, Long durationMs,
		Instant createdAt) {

}
