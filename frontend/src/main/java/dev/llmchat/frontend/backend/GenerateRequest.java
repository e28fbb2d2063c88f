package dev.llmchat.frontend.backend;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A prompt for the backend's {@code POST /generate}; without a model the chat's model answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerateRequest(long chatId, String prompt, String model, boolean stream) {
}
