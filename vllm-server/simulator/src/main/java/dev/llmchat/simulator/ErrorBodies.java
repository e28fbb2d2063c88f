package dev.llmchat.simulator;

import tools.jackson.core.JsonGenerator;

/**
 * Renders errors in the configured vLLM shape.
 */
final class ErrorBodies {

	private final ErrorShape shape;

	ErrorBodies(ErrorShape shape) {
		this.shape = shape;
	}

	/**
	 * The body of an error response: nested {@code {"error":{...}}} or flat {@code {"object":"error",...}}.
	 */
	String response(ApiError error) {
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
	 * The JSON of an error sent inside a running stream: always nested, with {@code "object":"error"} inside in the
	 * flat (0.10.0 and earlier) shape.
	 */
	String streamFrame(ApiError error) {
		return nested(error, this.shape == ErrorShape.FLAT);
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

}
