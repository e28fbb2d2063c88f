package dev.llmchat.backend.llm;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one streamed chunk of vLLM, Ollama or llama.cpp (see vllm-wire.md): a top-level {@code error} (object or
 * string) is a failure; otherwise the first choice's text, its finish reason, and usage wherever it appears (its own
 * chunk with empty {@code choices}, or on the finish chunk for older llama.cpp builds). A NUL character in the text,
 * which PostgreSQL cannot store, becomes U+FFFD (the replacement character) on every database, so that an answer is
 * stored and shown the same wherever it runs.
 */
final class ChunkParser {

	private final JsonMapper json;

	ChunkParser(JsonMapper json) {
		this.json = json;
	}

	List<LlmChunk> parse(SseDecoder.Event event) {
		JsonNode node;
		try {
			node = this.json.readTree(event.data());
		}
		catch (JacksonException ex) {
			throw new LlmException(LlmException.Kind.MALFORMED,
					"The model server sent a chunk that is not valid JSON; the answer was cut there.");
		}
		if (event.error() || node.has("error")) {
			throw new LlmException(LlmException.Kind.STREAM_ERROR,
					"The model server reported an error in the middle of the answer: " + ErrorBodies.message(node));
		}
		if (!node.isObject()) {
			throw new LlmException(LlmException.Kind.MALFORMED,
					"The model server sent a chunk of an unexpected shape; the answer was cut there.");
		}
		List<LlmChunk> chunks = new ArrayList<>(2);
		JsonNode choices = node.path("choices");
		if (choices.isArray() && !choices.isEmpty()) {
			JsonNode choice = choices.get(0);
			JsonNode content = choice.path("delta").path("content");
			if (content.isString() && !content.asString().isEmpty()) {
				chunks.add(new LlmChunk.Token(content.asString().replace('\u0000', '\uFFFD')));
			}
			JsonNode finish = choice.path("finish_reason");
			if (finish.isString()) {
				chunks.add(new LlmChunk.Finish(finish.asString()));
			}
		}
		JsonNode usage = node.path("usage");
		if (usage.isObject() && usage.has("completion_tokens")) {
			chunks.add(new LlmChunk.Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0)));
		}
		return chunks;
	}

}
