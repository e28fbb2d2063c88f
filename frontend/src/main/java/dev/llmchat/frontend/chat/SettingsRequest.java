package dev.llmchat.frontend.chat;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import dev.llmchat.frontend.backend.ChatSettings;

/**
 * The chat page's settings form, {@code {"system_prompt", "model", "temperature", "top_p", "max_tokens"}}, all sent
 * each time: an empty or missing one goes back to the server's default. The limits are the backend's.
 */
record SettingsRequest(@Size(max = 16_384) String systemPrompt, @Size(max = 200) String model,
		@DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
		@DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double topP,
		@Min(1) @Max(1_000_000) Integer maxTokens) {

	ChatSettings toSettings() {
		String prompt = (this.systemPrompt == null || this.systemPrompt.isBlank()) ? null : this.systemPrompt;
		return new ChatSettings(prompt, PromptRequest.chosenModel(this.model), this.temperature, this.topP,
				this.maxTokens);
	}

}
