package dev.llmchat.simulator;

/**
 * An error answer: the HTTP status (also the {@code code}), vLLM's error type and the message, and for llama.cpp's
 * context refusal the numbers it carries.
 */
final class ApiError extends RuntimeException {

	private final int status;

	private final String type;

	private final Integer promptTokens;

	private final Integer contextSize;

	private ApiError(int status, String type, String message, Integer promptTokens, Integer contextSize) {
		super(message, null, false, false);
		this.status = status;
		this.type = type;
		this.promptTokens = promptTokens;
		this.contextSize = contextSize;
	}

	static ApiError badRequest(String message) {
		return new ApiError(400, "BadRequestError", message, null, null);
	}

	static ApiError unauthorized(String message) {
		return new ApiError(401, "Unauthorized", message, null, null);
	}

	static ApiError notFound(String message) {
		return new ApiError(404, "NotFoundError", message, null, null);
	}

	static ApiError internal(String message) {
		return new ApiError(500, "InternalServerError", message, null, null);
	}

	/**
	 * llama.cpp's refusal of a prompt that does not fit its context: {@code exceed_context_size_error}.
	 */
	static ApiError exceedContextSize(int promptTokens, int contextSize) {
		return new ApiError(400, "exceed_context_size_error", "request (" + promptTokens
				+ " tokens) exceeds the available context size (" + contextSize + " tokens), try increasing it",
				promptTokens, contextSize);
	}

	int status() {
		return this.status;
	}

	String type() {
		return this.type;
	}

	/**
	 * The prompt's length in a context refusal, null otherwise.
	 */
	Integer promptTokens() {
		return this.promptTokens;
	}

	/**
	 * The context size in a context refusal, null otherwise.
	 */
	Integer contextSize() {
		return this.contextSize;
	}

}
