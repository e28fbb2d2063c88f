package dev.llmchat.backend.llm;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one streamed chunk of vLLM, Ollama or llama.cpp (see vllm-wire.md): a top-level {@code error} (object or
 * string) is a failure; otherwise the first choice's text, its finish reason, and usage wherever it appears (its own
 * chunk with empty {@code choices}, or on the finish chunk for older llama.cpp builds). A NUL character in the text,
 * which PostgreSQL cannot store, becomes U+FFFD (the replacement character) on every database, so that an answer is
 * stored and shown the same wherever it runs.
 *
 * <p>Every token of every answer passes here, so an ordinary chunk is read as a stream of JSON tokens, keeping only
 * those fields; a chunk that says {@code error} or is no JSON object is read again as a tree, to report it.
 */
final class ChunkParser {

	private final JsonMapper json;

	ChunkParser(JsonMapper json) {
		this.json = json;
	}

	List<LlmChunk> parse(SseDecoder.Event event) {
		if (!event.error()) {
			try (JsonParser parser = this.json.createParser(event.data())) {
				List<LlmChunk> chunks = readChunk(parser);
				if (chunks != null) {
					return chunks;
				}
			}
			catch (JacksonException ex) {
				// reported below, with the same words as any other malformed chunk
			}
		}
		throw failure(event);
	}

	/** The chunk's pieces, or null when it is no ordinary chunk: an error, or not one JSON object. */
	private static List<LlmChunk> readChunk(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			return null;
		}
		List<LlmChunk> chunks = new ArrayList<>(2);
		LlmChunk.Usage usage = null;
		for (String field = parser.nextName(); field != null; field = parser.nextName()) {
			JsonToken value = parser.nextToken();
			switch (field) {
				case "error" -> {
					return null;
				}
				case "choices" -> {
					if (value == JsonToken.START_ARRAY) {
						readChoices(parser, chunks);
					}
					else {
						parser.skipChildren();
					}
				}
				case "usage" -> {
					if (value == JsonToken.START_OBJECT) {
						usage = readUsage(parser);
					}
				}
				default -> parser.skipChildren();
			}
		}
		if (parser.nextToken() != null) {
			return null;
		}
		if (usage != null) {
			chunks.add(usage);
		}
		return chunks;
	}

	/** The choices, from the array's start to its end: the first one's text and finish reason. */
	private static void readChoices(JsonParser parser, List<LlmChunk> chunks) {
		JsonToken first = parser.nextToken();
		if (first == JsonToken.END_ARRAY) {
			return;
		}
		if (first == JsonToken.START_OBJECT) {
			readChoice(parser, chunks);
		}
		else {
			parser.skipChildren();
		}
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			parser.skipChildren();
		}
	}

	private static void readChoice(JsonParser parser, List<LlmChunk> chunks) {
		String content = null;
		String finish = null;
		for (String field = parser.nextName(); field != null; field = parser.nextName()) {
			JsonToken value = parser.nextToken();
			if (field.equals("delta") && value == JsonToken.START_OBJECT) {
				for (String deltaField = parser.nextName(); deltaField != null; deltaField = parser.nextName()) {
					JsonToken deltaValue = parser.nextToken();
					if (deltaField.equals("content") && deltaValue == JsonToken.VALUE_STRING) {
						content = parser.getString();
					}
					else {
						parser.skipChildren();
					}
				}
			}
			else if (field.equals("finish_reason") && value == JsonToken.VALUE_STRING) {
				finish = parser.getString();
			}
			else {
				parser.skipChildren();
			}
		}
		if (content != null && !content.isEmpty()) {
			chunks.add(new LlmChunk.Token(content.replace('\u0000', '\uFFFD')));
		}
		if (finish != null) {
			chunks.add(new LlmChunk.Finish(finish));
		}
	}

	/** Usage, from its start; null without {@code completion_tokens}. */
	private static LlmChunk.Usage readUsage(JsonParser parser) {
		int prompt = 0;
		Integer completion = null;
		for (String field = parser.nextName(); field != null; field = parser.nextName()) {
			JsonToken value = parser.nextToken();
			if (field.equals("prompt_tokens")) {
				prompt = (value == JsonToken.VALUE_NUMBER_INT) ? parser.getIntValue() : 0;
			}
			else if (field.equals("completion_tokens")) {
				completion = (value == JsonToken.VALUE_NUMBER_INT) ? parser.getIntValue() : 0;
			}
			else {
				parser.skipChildren();
			}
		}
		return (completion != null) ? new LlmChunk.Usage(prompt, completion) : null;
	}

	/** Why a chunk that is no ordinary one cannot be used, read as a tree to quote the server's message. */
	private LlmException failure(SseDecoder.Event event) {
		JsonNode node;
		try {
			node = this.json.readTree(event.data());
		}
		catch (JacksonException ex) {
			return new LlmException(LlmException.Kind.MALFORMED,
					"The model server sent a chunk that is not valid JSON; the answer was cut there.");
		}
		if (event.error() || node.has("error")) {
			return new LlmException(LlmException.Kind.STREAM_ERROR,
					"The model server reported an error in the middle of the answer: " + ErrorBodies.message(node));
		}
		return new LlmException(LlmException.Kind.MALFORMED,
				"The model server sent a chunk of an unexpected shape; the answer was cut there.");
	}

}
