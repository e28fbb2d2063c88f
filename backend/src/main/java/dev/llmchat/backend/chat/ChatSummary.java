package dev.llmchat.backend.chat;

import java.time.Instant;

/** A chat as listed: without its settings and messages. */
public record ChatSummary(Long id, String title, Instant createdAt, Instant updatedAt, long messageCount) {

}
