package dev.llmchat.backend.chat;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /chats/{id}}: only the fields named in {@code present} change; a present field sent as {@code null}
 * is cleared (the title cannot be cleared). A title sent names the chat: the model never renames it then.
 */
record UpdateChatRequest(@Size(max = ChatLimits.TITLE) String title,
		@Size(max = ChatLimits.SYSTEM_PROMPT) String systemPrompt, @Size(max = ChatLimits.MODEL) String model,
		@DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
		@DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double topP,
		@Min(1) @Max(ChatLimits.MAX_TOKENS) Integer maxTokens, @JsonIgnore Set<String> present) {

	UpdateChatRequest withPresent(Set<String> fields) {
		return new UpdateChatRequest(this.title, this.systemPrompt, this.model, this.temperature, this.topP,
				this.maxTokens, Set.copyOf(fields));
	}

	boolean has(String field) {
		return this.present != null && this.present.contains(field);
	}

}
