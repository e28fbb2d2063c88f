package dev.llmchat.frontend.chat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.llmchat.frontend.backend.GenerateRequest;

/**
 * A prompt sent by the chat page: {@code {"chat_id", "prompt", "model"?}}.
 */
record PromptRequest(@NotNull @Positive Long chatId, @NotBlank @Size(max = MAX_PROMPT_LENGTH) String prompt,
		@Size(max = 200) String model) {

	/** Far above any context window the model server offers; the backend applies the real limit. */
	static final int MAX_PROMPT_LENGTH = 100_000;

	GenerateRequest toGenerateRequest(boolean stream) {
		return new GenerateRequest(this.chatId, this.prompt, chosenModel(this.model), stream);
	}

	/** The model a request names, or {@code null} (the chat's model) when it names none. */
	static String chosenModel(String model) {
		return (model == null || model.isBlank()) ? null : model.strip();
	}

}
