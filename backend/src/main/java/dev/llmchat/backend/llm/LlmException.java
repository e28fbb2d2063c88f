package dev.llmchat.backend.llm;

/**
 * A failure of the model server, with a sentence a person can act on and the API status it maps to when it happens
 * before an answer starts.
 */
public class LlmException extends RuntimeException {

	private final Kind kind;

	public LlmException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	public int httpStatus() {
		return this.kind.httpStatus;
	}

	public enum Kind {

		/** Connection refused, reset, unknown host or connect timeout. */
		UNREACHABLE(503),
		/** The server answered with an error status. */
		REJECTED(502),
		/** The server said the prompt does not fit the model's context. */
		CONTEXT_TOO_LONG(413),
		/** Nothing arrived within the first-token timeout. */
		FIRST_TOKEN_TIMEOUT(504),
		/** The stream went silent in the middle of an answer. */
		IDLE_TIMEOUT(504),
		/** An error frame arrived in the middle of an answer. */
		STREAM_ERROR(502),
		/** The stream ended without {@code [DONE]}. */
		TRUNCATED(502),
		/** A chunk that is not the JSON it should be. */
		MALFORMED(502);

		private final int httpStatus;

		Kind(int httpStatus) {
			this.httpStatus = httpStatus;
		}

	}

}
