package dev.llmchat.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import tools.jackson.core.JsonGenerator;

/**
 * The server-sent events of one streamed answer, serialized once per request so that a token chunk is three byte
 * copies: the chunk up to the content, the escaped token and the rest.
 */
final class ChunkFrames {

	private static final byte[] DONE = Json.utf8("data: [DONE]\n\n");

	private static final byte[] MALFORMED = Json.utf8("data: {\"id\": broken\n\n");

	private static final String PLACEHOLDER = "@@sim-token@@";

	private final String id;

	private final long created;

	private final String model;

	private final byte[] role;

	private final byte[] contentPrefix;

	private final byte[] contentSuffix;

	ChunkFrames(String id, long created, String model) {
		this.id = id;
		this.created = created;
		this.model = model;
		this.role = event(Json.write((json) -> {
			startChunk(json);
			json.writeObjectPropertyStart("delta");
			json.writeStringProperty("role", "assistant");
			json.writeStringProperty("content", "");
			json.writeEndObject();
			endChoice(json, null);
		}));
		String content = contentChunk(PLACEHOLDER, null);
		int split = content.lastIndexOf(PLACEHOLDER);
		this.contentPrefix = Json.utf8("data: " + content.substring(0, split));
		this.contentSuffix = Json.utf8(content.substring(split + PLACEHOLDER.length()) + "\n\n");
	}

	ByteBuf role(ByteBufAllocator alloc) {
		return alloc.buffer(this.role.length).writeBytes(this.role);
	}

	ByteBuf content(ByteBufAllocator alloc, Token token) {
		return alloc.buffer(this.contentPrefix.length + token.json().length + this.contentSuffix.length)
			.writeBytes(this.contentPrefix)
			.writeBytes(token.json())
			.writeBytes(this.contentSuffix);
	}

	/**
	 * The end of the stream: the chunk with the finish reason (carrying {@code lastPiece}), the usage chunk when
	 * asked for, and {@code [DONE]}.
	 */
	ByteBuf end(ByteBufAllocator alloc, String lastPiece, Answer answer, boolean includeUsage) {
		ByteBuf buffer = alloc.buffer().writeBytes(event(contentChunk(lastPiece, answer.finishReason())));
		if (includeUsage) {
			buffer.writeBytes(event(Json.write((json) -> {
				json.writeStartObject();
				chunkHeader(json);
				json.writeArrayPropertyStart("choices");
				json.writeEndArray();
				json.writeObjectPropertyStart("usage");
				json.writeNumberProperty("prompt_tokens", answer.promptTokens());
				json.writeNumberProperty("total_tokens", answer.promptTokens() + answer.completionTokens());
				json.writeNumberProperty("completion_tokens", answer.completionTokens());
				json.writeEndObject();
				json.writeEndObject();
			})));
		}
		return buffer.writeBytes(DONE);
	}

	/**
	 * An error frame as vLLM sends it when generation fails after the stream started, then {@code [DONE]}.
	 */
	ByteBuf error(ByteBufAllocator alloc, String errorJson) {
		byte[] event = event(errorJson);
		return alloc.buffer(event.length + DONE.length).writeBytes(event).writeBytes(DONE);
	}

	ByteBuf malformed(ByteBufAllocator alloc) {
		return alloc.buffer(MALFORMED.length).writeBytes(MALFORMED);
	}

	private String contentChunk(String content, String finishReason) {
		return Json.write((json) -> {
			startChunk(json);
			json.writeObjectPropertyStart("delta");
			json.writeStringProperty("content", content);
			json.writeEndObject();
			endChoice(json, finishReason);
		});
	}

	/**
	 * Opens the chunk and its only choice, up to the delta.
	 */
	private void startChunk(JsonGenerator json) {
		json.writeStartObject();
		chunkHeader(json);
		json.writeArrayPropertyStart("choices");
		json.writeStartObject();
		json.writeNumberProperty("index", 0);
	}

	private void chunkHeader(JsonGenerator json) {
		json.writeStringProperty("id", this.id);
		json.writeStringProperty("object", "chat.completion.chunk");
		json.writeNumberProperty("created", this.created);
		json.writeStringProperty("model", this.model);
	}

	/**
	 * Closes the choice and the chunk; {@code stop_reason} appears with a finish reason only, as in vLLM.
	 */
	private static void endChoice(JsonGenerator json, String finishReason) {
		json.writeNullProperty("logprobs");
		json.writeStringProperty("finish_reason", finishReason);
		if (finishReason != null) {
			json.writeNullProperty("stop_reason");
		}
		json.writeEndObject();
		json.writeEndArray();
		json.writeEndObject();
	}

	private static byte[] event(String json) {
		return Json.utf8("data: " + json + "\n\n");
	}

}
