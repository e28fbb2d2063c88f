package dev.llmchat.frontend.backend;

/**
 * What an answer uses when neither the request nor the chat sets it; {@code null} leaves it to the model server.
 */
public record GenerationDefaults(String model, Double temperature, Double topP, Integer maxTokens,
		Integer contextWindow) {
}
