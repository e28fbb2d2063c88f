package dev.llmchat.simulator;

import tools.jackson.databind.node.ObjectNode;

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
			ObjectNode body = Json.object().put("object", "error");
			return Json.write(details(body, error));
		}
		ObjectNode body = Json.object();
		details(body.putObject("error"), error);
		return Json.write(body);
	}

	/**
	 * The JSON of an error sent inside a running stream: always nested, with {@code "object":"error"} inside in the
	 * flat (0.10.0 and earlier) shape.
	 */
	String streamFrame(ApiError error) {
		ObjectNode body = Json.object();
		ObjectNode inner = body.putObject("error");
		if (this.shape == ErrorShape.FLAT) {
			inner.put("object", "error");
		}
		details(inner, error);
		return Json.write(body);
	}

	private static ObjectNode details(ObjectNode node, ApiError error) {
		return node.put("message", error.getMessage())
			.put("type", error.type())
			.putNull("param")
			.put("code", error.status());
	}

}
