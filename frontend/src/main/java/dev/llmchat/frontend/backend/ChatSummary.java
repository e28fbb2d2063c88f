package dev.llmchat.frontend.backend;

import java.time.OffsetDateTime;

/**
 * One line of the person's chat list.
 */
public record ChatSummary(long id, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt, int messageCount) {
}
