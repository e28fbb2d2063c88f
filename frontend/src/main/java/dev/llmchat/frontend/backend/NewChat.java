package dev.llmchat.frontend.backend;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a new chat starts with; a missing field takes the backend's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewChat(String title, String systemPrompt, String model) {
}
