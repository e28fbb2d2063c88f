package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /tokenize} and {@code POST /detokenize}. A chat's token list is the chat template around the content
 * tokens, so its count is exactly the prompt length the context check of a chat completion uses.
 */
final class Tokenization {

	private final SimulatorConfig config;

	private final Vocabulary vocabulary = new Vocabulary();

	Tokenization(SimulatorConfig config) {
		this.config = config;
	}

	/**
	 * The {@code /tokenize} answer; throws {@link ApiError} for a bad request.
	 */
	String tokenize(String body) {
		JsonNode request = parse(body);
		checkModel(request.get("model"));
		List<String> tokens = tokens(request);
		ObjectNode response = Json.object().put("count", tokens.size()).put("max_model_len", this.config.maxModelLen());
		ArrayNode ids = response.putArray("tokens");
		tokens.forEach((token) -> ids.add(this.vocabulary.id(token)));
		if (request.path("return_token_strs").asBoolean(false)) {
			ArrayNode strings = response.putArray("token_strs");
			tokens.forEach(strings::add);
		}
		else {
			response.putNull("token_strs");
		}
		return Json.write(response);
	}

	/**
	 * The {@code /detokenize} answer; throws {@link ApiError} for a bad request.
	 */
	String detokenize(String body) {
		JsonNode request = parse(body);
		checkModel(request.get("model"));
		JsonNode ids = request.get("tokens");
		if (ids == null || !ids.isArray()) {
			throw ApiError.badRequest("1 validation error for DetokenizeRequest\ntokens\n  Field required");
		}
		StringBuilder prompt = new StringBuilder();
		for (JsonNode id : ids) {
			if (!id.canConvertToInt()) {
				throw ApiError.badRequest("Token ids must be integers, got " + id);
			}
			prompt.append(this.vocabulary.text(id.intValue()));
		}
		return Json.write(Json.object().put("prompt", prompt.toString()));
	}

	private static List<String> tokens(JsonNode request) {
		JsonNode prompt = request.get("prompt");
		if (prompt != null && prompt.isString()) {
			return Tokenizer.tokens(prompt.stringValue());
		}
		List<ChatMessage> messages = Messages.read(request);
		if (messages == null) {
			throw ApiError.badRequest("Either 'prompt' (a string) or 'messages' must be given");
		}
		List<String> tokens = new ArrayList<>();
		for (ChatMessage message : messages) {
			tokens.add(Vocabulary.IM_START);
			tokens.add(message.role() + "\n");
			tokens.addAll(Tokenizer.tokens(message.content()));
			tokens.add(Vocabulary.IM_END);
			tokens.add("\n");
		}
		if (request.path("add_generation_prompt").asBoolean(true)) {
			tokens.add(Vocabulary.IM_START);
			tokens.add("assistant");
			tokens.add("\n");
		}
		return tokens;
	}

	private void checkModel(JsonNode model) {
		if (model != null && model.isString() && !model.stringValue().isEmpty()
				&& !model.stringValue().equals(this.config.modelName())) {
			throw ApiError.notFound("The model `" + model.stringValue() + "` does not exist.");
		}
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
		throw ApiError.badRequest("The request body must be a JSON object");
	}

}
