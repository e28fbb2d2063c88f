package dev.llmchat.backend.chat;

import java.util.Optional;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /chats/{id}}: a field left out keeps its value, a field sent as {@code null} is cleared (the title
 * cannot be cleared).
 */
record UpdateChatRequest(Optional<@NotBlank @Size(max = ChatLimits.TITLE) String> title,
		Optional<@Size(max = ChatLimits.SYSTEM_PROMPT) String> systemPrompt,
		Optional<@Size(max = ChatLimits.MODEL) String> model,
		Optional<@DecimalMin("0.0") @DecimalMax("2.0") Double> temperature,
		Optional<@Min(1) @Max(ChatLimits.MAX_TOKENS) Integer> maxTokens) {

}
