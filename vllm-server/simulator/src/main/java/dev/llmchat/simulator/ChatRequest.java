package dev.llmchat.simulator;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

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
	 * Validates a request like vLLM does before generating: content type, JSON, fields and model name. Throws
	 * {@link ApiError}.
	 */
	static ChatRequest read(String contentType, String body, String servedModel) {
		if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
			throw ApiError.badRequest("Unsupported Media Type: Only 'application/json' is allowed");
		}
		JsonNode json = parse(body);
		List<ChatMessage> messages = Messages.read(json);
		if (messages == null) {
			throw ApiError.badRequest(validationError("messages",
					json.has("messages") ? "Input should be a valid list of messages" : "Field required"));
		}
		boolean stream = bool(json, "stream");
		JsonNode streamOptions = json.get("stream_options");
		boolean hasStreamOptions = streamOptions != null && !streamOptions.isNull();
		if (hasStreamOptions && !stream) {
			throw ApiError.badRequest(validationError("stream_options",
					"Value error, Stream options can only be defined when `stream=True`."));
		}
		checkModel(json.get("model"), servedModel);
		Integer maxTokens = integer(json, "max_completion_tokens");
		if (maxTokens == null) {
			maxTokens = integer(json, "max_tokens");
		}
		boolean includeUsage = hasStreamOptions && streamOptions.path("include_usage").asBoolean(true);
		return new ChatRequest(messages, stream, includeUsage, maxTokens,
				Directives.parse(Messages.lastUserContent(messages)));
	}

	private static JsonNode parse(String body) {
		try {
			JsonNode json = Json.parse(body);
			if (json != null && json.isObject()) {
				return json;
			}
		}
		catch (JacksonException ex) {
			throw ApiError.badRequest("JSON decode error: " + ex.getOriginalMessage());
		}
		throw ApiError.badRequest(validationError("body", "Input should be a valid dictionary or object"));
	}

	private static void checkModel(JsonNode model, String servedModel) {
		if (model == null || model.isNull() || (model.isString() && model.stringValue().isEmpty())) {
			return;
		}
		String name = model.asString("");
		if (!name.equals(servedModel)) {
			throw ApiError.notFound("The model `" + name + "` does not exist.");
		}
	}

	private static boolean bool(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw ApiError.badRequest(validationError(field, "Input should be a valid boolean"));
		}
		return value.booleanValue();
	}

	private static Integer integer(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw ApiError.badRequest(validationError(field, "Input should be a valid integer"));
		}
		return value.intValue();
	}

	private static String validationError(String field, String message) {
		return "1 validation error for ChatCompletionRequest\n" + field + "\n  " + message;
	}

}
