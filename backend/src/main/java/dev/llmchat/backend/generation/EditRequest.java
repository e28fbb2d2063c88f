package dev.llmchat.backend.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /chats/{id}/messages/{messageId}/edit}: a new version of one of the user's messages, answered as
 * {@code POST /generate} answers.
 *
 * @param content the message's new text
 * @param model a model for this answer, instead of the chat's or the default
 * @param stream false (default): one JSON answer at the end; true: server-sent events as the answer grows
 * @param options sampling values for this answer
 */
record EditRequest(@NotNull(message = "is required") String content, @Size(max = 200) String model, Boolean stream,
		@Valid GenerateRequest.Options options) {

}
