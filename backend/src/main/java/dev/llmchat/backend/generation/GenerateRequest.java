package dev.llmchat.backend.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /generate}.
 *
 * @param chatId the chat to answer in
 * @param prompt the user's message
 * @param model a model for this answer, instead of the chat's or the default
 * @param stream false (default): one JSON answer at the end; true: server-sent events as the answer grows
 * @param options sampling values for this answer
 */
record GenerateRequest(@NotNull(message = "is required") Long chatId, @NotNull(message = "is required") String prompt,
		@Size(max = 200) String model, Boolean stream, @Valid Options options) {

	record Options(@DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
			@DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double topP,
			@Min(1) @Max(1_000_000) Integer maxTokens) {
	}

}
