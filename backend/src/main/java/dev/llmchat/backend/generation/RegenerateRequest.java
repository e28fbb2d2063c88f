package dev.llmchat.backend.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /chats/{id}/messages/{messageId}/regenerate}: a new version of an answer, to the same question. Every
 * field is optional; the body may be left out.
 *
 * @param model a model for this answer, instead of the chat's or the default
 * @param stream false (default): one JSON answer at the end; true: server-sent events as the answer grows
 * @param options sampling values for this answer
 */
record RegenerateRequest(@Size(max = 200) String model, Boolean stream, @Valid GenerateRequest.Options options) {

	static final RegenerateRequest NONE = new RegenerateRequest(null, null, null);

}
