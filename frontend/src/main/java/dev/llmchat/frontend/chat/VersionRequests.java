package dev.llmchat.frontend.chat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.llmchat.frontend.backend.AnswerRequest;

/**
 * What the chat page sends to write a message again or to show another of its versions.
 */
final class VersionRequests {

	private VersionRequests() {
	}

	/** An edited question, {@code {"prompt", "model"?}}: it becomes a new version of the message and is answered. */
	record Edit(@NotBlank @Size(max = PromptRequest.MAX_PROMPT_LENGTH) String prompt, @Size(max = 200) String model) {

		AnswerRequest toAnswerRequest() {
			return new AnswerRequest(this.prompt, PromptRequest.chosenModel(this.model), true);
		}

	}

	/** {@code {"model"?}}: another answer to the same question, by the chat's model unless one is named. */
	record Regenerate(@Size(max = 200) String model) {

		AnswerRequest toAnswerRequest() {
			return new AnswerRequest(null, PromptRequest.chosenModel(this.model), true);
		}

	}

	/** {@code {"message_id"}}: the version to show, with the conversation that followed it. */
	record Branch(@NotNull @Positive Long messageId) {
	}

}
