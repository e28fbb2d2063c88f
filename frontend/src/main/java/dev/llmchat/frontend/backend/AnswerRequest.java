package dev.llmchat.frontend.backend;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A new version of a message for {@code POST /chats/{id}/messages/{messageId}/edit} (with {@code content}) or
 * {@code .../regenerate} (without), answered as {@code /generate} answers; without a model the chat's model answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnswerRequest(String content, String model, boolean stream) {
}
