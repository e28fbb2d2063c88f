package dev.llmchat.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server-sent events of one streamed answer, serialized once per request so that a token chunk is three byte
 * copies: the chunk up to the content, the escaped token and the rest.
 */
final class ChunkFrames {

	private static final byte[] DATA = Json.utf8("data: ");

	private static final byte[] EVENT_END = Json.utf8("\n\n");

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
		ObjectNode roleChunk = chunk();
		ObjectNode roleChoice = choice(roleChunk);
		roleChoice.putObject("delta").put("role", "assistant").put("content", "");
		roleChoice.putNull("logprobs").putNull("finish_reason");
		this.role = event(Json.writeBytes(roleChunk));
		String content = Json.write(contentChunk(null, PLACEHOLDER));
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
		ObjectNode finalChunk = contentChunk(answer.finishReason(), lastPiece);
		ByteBuf buffer = alloc.buffer().writeBytes(event(Json.writeBytes(finalChunk)));
		if (includeUsage) {
			ObjectNode usageChunk = chunk();
			usageChunk.putArray("choices");
			usageChunk.putObject("usage")
				.put("prompt_tokens", answer.promptTokens())
				.put("total_tokens", answer.promptTokens() + answer.completionTokens())
				.put("completion_tokens", answer.completionTokens());
			buffer.writeBytes(event(Json.writeBytes(usageChunk)));
		}
		return buffer.writeBytes(DONE);
	}

	/**
	 * An error frame as vLLM sends it when generation fails after the stream started, then {@code [DONE]}.
	 */
	ByteBuf error(ByteBufAllocator alloc, String errorJson) {
		byte[] event = event(Json.utf8(errorJson));
		return alloc.buffer(event.length + DONE.length).writeBytes(event).writeBytes(DONE);
	}

	ByteBuf malformed(ByteBufAllocator alloc) {
		return alloc.buffer(MALFORMED.length).writeBytes(MALFORMED);
	}

	private ObjectNode contentChunk(String finishReason, String content) {
		ObjectNode chunk = chunk();
		ObjectNode choice = choice(chunk);
		choice.putObject("delta").put("content", content);
		choice.putNull("logprobs");
		if (finishReason == null) {
			choice.putNull("finish_reason");
		}
		else {
			choice.put("finish_reason", finishReason).putNull("stop_reason");
		}
		return chunk;
	}

	private ObjectNode chunk() {
		return Json.object()
			.put("id", this.id)
			.put("object", "chat.completion.chunk")
			.put("created", this.created)
			.put("model", this.model);
	}

	private static ObjectNode choice(ObjectNode chunk) {
		return chunk.putArray("choices").addObject().put("index", 0);
	}

	private static byte[] event(byte[] json) {
		byte[] event = new byte[DATA.length + json.length + EVENT_END.length];
		System.arraycopy(DATA, 0, event, 0, DATA.length);
		System.arraycopy(json, 0, event, DATA.length, json.length);
		System.arraycopy(EVENT_END, 0, event, DATA.length + json.length, EVENT_END.length);
		return event;
	}

}
