package dev.llmchat.backend.llm;

import java.util.List;

/**
 * What to ask the model for. Sampling values left null are not sent, so the server's own defaults apply.
 */
public record LlmRequest(String model, List<LlmMessage> messages, Double temperature, Double topP, Integer maxTokens) {

}
