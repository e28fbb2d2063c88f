package dev.llmchat.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A chat completion request that passed vLLM's request validation.
 *
 * @param messages the conversation
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, null when neither is set
 * @param directives the directives of the last user message
 */
record ChatRequest(List<ChatMessage> messages, boolean stream, boolean includeUsage, Integer maxTokens,
		Directives directives) {

	/**
	 * Validates a request like vLLM does before generating: content type, JSON, fields and model name (any name when
	 * {@code servedModel} is null). Throws {@link ApiError}.
	 */
	static ChatRequest read(String contentType, String body, String servedModel) {
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
			throw ApiError.badRequest("Unsupported Media Type: Only 'application/json' is allowed");
		}
		Map<String, Object> json = parse(body);
		List<ChatMessage> messages = Messages.read(json);
		if (messages == null) {
			throw ApiError.badRequest(validationError("messages",
					json.containsKey("messages") ? "Input should be a valid list of messages" : "Field required"));
		}
		boolean stream = bool(json, "stream");
		Object streamOptions = json.get("stream_options");
		if (streamOptions != null && !stream) {
			throw ApiError.badRequest(validationError("stream_options",
					"Value error, Stream options can only be defined when `stream=True`."));
		}
		checkModel(json.get("model"), servedModel);
		Integer maxTokens = integer(json, "max_completion_tokens");
		if (maxTokens == null) {
			maxTokens = integer(json, "max_tokens");
		}
		return new ChatRequest(messages, stream, includeUsage(streamOptions), maxTokens,
				Directives.parse(Messages.lastUserContent(messages)));
	}

	/**
	 * Whether {@code stream_options} asks for usage: {@code include_usage} defaults to true, so {@code {}} does.
	 */
	private static boolean includeUsage(Object streamOptions) {
		if (!(streamOptions instanceof Map<?, ?> options)) {
			return false;
		}
		return !options.containsKey("include_usage") || Boolean.TRUE.equals(options.get("include_usage"));
	}

	private static Map<String, Object> parse(String body) {
		try {
			return Json.parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.badRequest("JSON decode error: " + ex.getMessage());
		}
	}

	private static void checkModel(Object model, String servedModel) {
		if (servedModel == null || model == null || "".equals(model)) {
			return;
		}
		if (!servedModel.equals(model)) {
			throw ApiError.notFound("The model `" + model + "` does not exist.");
		}
	}

	private static boolean bool(Map<String, Object> json, String field) {
		Object value = json.get(field);
		if (value == null) {
			return false;
		}
		if (!(value instanceof Boolean bool)) {
			throw ApiError.badRequest(validationError(field, "Input should be a valid boolean"));
		}
		return bool;
	}

	private static Integer integer(Map<String, Object> json, String field) {
		Object value = json.get(field);
		if (value == null) {
			return null;
		}
		Integer integer = Json.intValue(value);
		if (integer == null) {
			throw ApiError.badRequest(validationError(field, "Input should be a valid integer"));
		}
		return integer;
	}

	private static String validationError(String field, String message) {
		return "1 validation error for ChatCompletionRequest\n" + field + "\n  " + message;
	}

}
