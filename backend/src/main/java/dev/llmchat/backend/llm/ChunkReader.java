package dev.llmchat.backend.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * One streamed answer's bytes, as they arrive, turned into chunks: events cut out by an {@link SseDecoder}, each read
 * by a {@link ChunkParser}, up to {@code [DONE]}, which becomes {@link LlmChunk.End}; anything after it is ignored. A
 * stream that ends without it was cut short. Not thread-safe: one per stream.
 */
final class ChunkReader {

	private final SseDecoder decoder = new SseDecoder();

	private final ChunkParser parser;

	private boolean done;

	ChunkReader(ChunkParser parser) {
		this.parser = parser;
	}

	/** The chunks that these bytes complete. */
	List<LlmChunk> feed(byte[] bytes) {
		return read(this.decoder.feed(bytes));
	}

	/** The chunks of an event left open when the stream ended; fails when the stream ended before {@code [DONE]}. */
	List<LlmChunk> finish() {
		List<LlmChunk> chunks = read(this.decoder.finish());
		if (!this.done) {
			throw new LlmException(LlmException.Kind.TRUNCATED,
					"The model server closed the stream before the answer was finished; the text so far is kept.");
		}
		return chunks;
	}

	private List<LlmChunk> read(List<SseDecoder.Event> events) {
		if (events.isEmpty() || this.done) {
			return List.of();
		}
		List<LlmChunk> chunks = new ArrayList<>(events.size() + 1);
		for (SseDecoder.Event event : events) {
			if (!event.error() && "[DONE]".equals(event.data().strip())) {
				this.done = true;
				chunks.add(new LlmChunk.End());
				break;
			}
			chunks.addAll(this.parser.parse(event));
		}
		return chunks;
	}

}
