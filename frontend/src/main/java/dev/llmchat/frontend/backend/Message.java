package dev.llmchat.frontend.backend;

import java.time.OffsetDateTime;

/**
 * One message of a chat; an assistant's message carries its usage and timings.
 */
public record Message(long id, String role, String content, String status, String model, Integer promptTokens,
		Integer completionTokens, Long ttftMs, Long durationMs, OffsetDateTime createdAt) {
}
