package dev.llmchat.backend.llm;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * The error bodies of the servers the client talks to: vLLM's nested {@code {"error":{"message",…}}} (≥ 0.10.1) and
 * flat {@code {"object":"error","message",…}} (≤ 0.10.0), vLLM's auth {@code {"error":"Unauthorized"}}, Ollama's and
 * llama.cpp's nested shapes.
 */
final class ErrorBodies {

	private ErrorBodies() {
	}

	static String message(JsonNode body) {
		JsonNode error = body.path("error");
		if (error.isString()) {
			return error.asString();
		}
		if (error.isObject() && error.path("message").isString()) {
			return error.path("message").asString();
		}
		if (body.path("message").isString()) {
			return body.path("message").asString();
		}
		if (body.path("detail").isString()) {
			return body.path("detail").asString();
		}
		return "no details given";
	}

	/** Whether a 400's body says the prompt does not fit the context (vLLM or llama.cpp wording, any version). */
	static boolean isContextLength(JsonNode body) {
		String message = message(body).toLowerCase(Locale.ROOT);
		String type = body.path("error").path("type").asString("");
		return message.contains("maximum context length") || message.contains("exceeds the available context size")
				|| type.equals("exceed_context_size_error");
	}

}
