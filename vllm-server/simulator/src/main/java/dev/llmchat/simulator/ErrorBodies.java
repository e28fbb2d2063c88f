package dev.llmchat.simulator;

import tools.jackson.core.JsonGenerator;

/**
 * Renders errors as the personality does: vLLM in the configured shape, llama.cpp in its own.
 */
final class ErrorBodies {

	private final ErrorShape shape;

	private final boolean llamaCpp;

	ErrorBodies(SimulatorConfig config) {
		this.shape = config.errorShape();
		this.llamaCpp = config.personality() == Personality.LLAMACPP;
	}

	/**
	 * The body of an error response: vLLM's nested {@code {"error":{...}}} or flat {@code {"object":"error",...}}, or
	 * llama.cpp's {@code {"error":{"code","message","type"}}}.
	 */
	String response(ApiError error) {
		if (this.llamaCpp) {
			return llamaCpp(error);
		}
		if (this.shape == ErrorShape.FLAT) {
			return Json.write((json) -> {
				json.writeStartObject();
				json.writeStringProperty("object", "error");
				details(json, error);
				json.writeEndObject();
			});
		}
		return nested(error, false);
	}

	/**
	 * The body of a 401 for a missing or wrong key: vLLM's bare string, or llama.cpp's error object.
	 */
	String unauthorized() {
		return this.llamaCpp ? llamaCpp(ApiError.unauthorized("Invalid API Key")) : "{\"error\":\"Unauthorized\"}";
	}

	/**
	 * The JSON of an error sent inside a running stream: always nested, with {@code "object":"error"} inside in the
	 * flat (0.10.0 and earlier) shape.
	 */
	String streamFrame(ApiError error) {
		return this.llamaCpp ? llamaCpp(error) : nested(error, this.shape == ErrorShape.FLAT);
	}

	private static String nested(ApiError error, boolean withObject) {
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeObjectPropertyStart("error");
			if (withObject) {
				json.writeStringProperty("object", "error");
			}
			details(json, error);
			json.writeEndObject();
			json.writeEndObject();
		});
	}

	private static void details(JsonGenerator json, ApiError error) {
		json.writeStringProperty("message", error.getMessage());
		json.writeStringProperty("type", error.type());
		json.writeNullProperty("param");
		json.writeNumberProperty("code", error.status());
	}

	/**
	 * llama-server's {@code format_error_response}: code, message and type, plus {@code n_prompt_tokens} and
	 * {@code n_ctx} when the prompt does not fit.
	 */
	private static String llamaCpp(ApiError error) {
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeObjectPropertyStart("error");
			json.writeNumberProperty("code", error.status());
			json.writeStringProperty("message", error.getMessage());
			json.writeStringProperty("type", llamaCppType(error));
			if (error.contextSize() != null) {
				json.writeNumberProperty("n_prompt_tokens", error.promptTokens());
				json.writeNumberProperty("n_ctx", error.contextSize());
			}
			json.writeEndObject();
			json.writeEndObject();
		});
	}

	private static String llamaCppType(ApiError error) {
		if (error.contextSize() != null) {
			return error.type();
		}
		return switch (error.status()) {
			case 400 -> "invalid_request_error";
			case 401 -> "authentication_error";
			case 404 -> "not_found_error";
			case 503 -> "unavailable_error";
			default -> "server_error";
		};
	}

}
