package dev.llmchat.backend.llm;

/** What a streamed answer is made of, independent of the server's wire format. */
public sealed interface LlmChunk {

	/** A piece of the answer's text. */
	record Token(String text) implements LlmChunk {
	}

	/** Why the answer ended: {@code stop}, {@code length}, … */
	record Finish(String reason) implements LlmChunk {
	}

	/** The server's own token counts. */
	record Usage(int promptTokens, int completionTokens) implements LlmChunk {
	}

	/**
	 * The server's {@code [DONE]}: the answer is whole. Its response may still be ending; a consumer ends the answer
	 * here but does not cancel, so that the connection finishes on its own and goes back to the pool.
	 */
	record End() implements LlmChunk {
	}

}
