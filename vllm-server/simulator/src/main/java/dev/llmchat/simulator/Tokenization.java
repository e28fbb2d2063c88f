package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tokenize} and {@code POST /detokenize}: vLLM's, where a chat's token list is the chat template around
 * the content tokens, so its count is exactly the prompt length the context check of a chat completion uses; and
 * llama.cpp's, which tokenizes one text and knows no chat.
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
		Map<String, Object> request = parse(body);
		checkModel(request.get("model"));
		List<String> tokens = tokens(request);
		int[] ids = tokens.stream().mapToInt(this.vocabulary::id).toArray();
		boolean returnStrings = Boolean.TRUE.equals(request.get("return_token_strs"));
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeNumberProperty("count", tokens.size());
			json.writeNumberProperty("max_model_len", this.config.maxModelLen());
			json.writeName("tokens");
			json.writeArray(ids, 0, ids.length);
			json.writeName("token_strs");
			if (returnStrings) {
				json.writeStartArray();
				tokens.forEach(json::writeString);
				json.writeEndArray();
			}
			else {
				json.writeNull();
			}
			json.writeEndObject();
		});
	}

	/**
	 * llama.cpp's {@code /tokenize} answer: the ids of {@code content}, none when the body has no content (a vLLM-style
	 * request with {@code messages} gets an empty list, as from llama-server).
	 */
	String tokenizeContent(String body) {
		Map<String, Object> request = parse(body);
		int[] ids = (request.get("content") instanceof String content)
				? Tokenizer.tokens(content).stream().mapToInt(this.vocabulary::id).toArray() : new int[0];
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeName("tokens");
			json.writeArray(ids, 0, ids.length);
			json.writeEndObject();
		});
	}

	/**
	 * The {@code /detokenize} answer; throws {@link ApiError} for a bad request.
	 */
	String detokenize(String body) {
		Map<String, Object> request = parse(body);
		checkModel(request.get("model"));
		if (!(request.get("tokens") instanceof List<?> ids)) {
			throw ApiError.badRequest("1 validation error for DetokenizeRequest\ntokens\n  Field required");
		}
		StringBuilder prompt = new StringBuilder();
		for (Object id : ids) {
			Integer tokenId = Json.intValue(id);
			if (tokenId == null) {
				throw ApiError.badRequest("Token ids must be integers, got " + id);
			}
			prompt.append(this.vocabulary.text(tokenId));
		}
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("prompt", prompt.toString());
			json.writeEndObject();
		});
	}

	private static List<String> tokens(Map<String, Object> request) {
		if (request.get("prompt") instanceof String prompt) {
			return Tokenizer.tokens(prompt);
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
		if (!Boolean.FALSE.equals(request.get("add_generation_prompt"))) {
			tokens.add(Vocabulary.IM_START);
			tokens.add("assistant");
			tokens.add("\n");
		}
		return tokens;
	}

	private void checkModel(Object model) {
		if (model instanceof String name && !name.isEmpty() && !name.equals(this.config.modelName())) {
			throw ApiError.notFound("The model `" + name + "` does not exist.");
		}
	}

	private static Map<String, Object> parse(String body) {
		try {
			return Json.parseObject(body);
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.badRequest("JSON decode error: " + ex.getMessage());
		}
	}

}
