package dev.llmchat.frontend.backend;

/**
 * The settings of a chat as one whole: every field is sent, and a {@code null} one is cleared (the server's
 * default applies again).
 */
public record ChatSettings(String systemPrompt, String model, Double temperature, Double topP, Integer maxTokens) {
}
