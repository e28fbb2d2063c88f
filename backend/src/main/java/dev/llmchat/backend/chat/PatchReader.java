package dev.llmchat.backend.chat;

import java.util.HashSet;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a PATCH body keeping track of which fields were sent, since "left out" (keep) and "null" (clear) mean
 * different things there.
 */
@Component
class PatchReader {

	private final JsonMapper json;

	private final Validator validator;

	PatchReader(JsonMapper json, Validator validator) {
		this.json = json;
		this.validator = validator;
	}

	UpdateChatRequest read(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidRequestException(HttpStatus.BAD_REQUEST, "Send a JSON object with the fields to change.");
		}
		UpdateChatRequest request;
		try {
			request = this.json.treeToValue(body, UpdateChatRequest.class);
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException(HttpStatus.BAD_REQUEST,
					"A field has a value of the wrong type; check title, system_prompt, model, temperature, top_p and max_tokens.");
		}
		Set<ConstraintViolation<UpdateChatRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
		Set<String> present = new HashSet<>(body.propertyNames());
		return request.withPresent(present);
	}

}
