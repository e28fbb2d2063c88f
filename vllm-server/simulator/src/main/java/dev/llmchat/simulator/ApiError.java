package dev.llmchat.simulator;

/**
 * An error answer as vLLM gives it: the HTTP status (also the {@code code}), the error type and the message.
 */
final class ApiError extends RuntimeException {

	private final int status;

	private final String type;

	private ApiError(int status, String type, String message) {
		super(message, null, false, false);
		this.status = status;
		this.type = type;
	}

	static ApiError badRequest(String message) {
		return new ApiError(400, "BadRequestError", message);
	}

	static ApiError notFound(String message) {
		return new ApiError(404, "NotFoundError", message);
	}

	static ApiError internal(String message) {
		return new ApiError(500, "InternalServerError", message);
	}

	int status() {
		return this.status;
	}

	String type() {
		return this.type;
	}

}
