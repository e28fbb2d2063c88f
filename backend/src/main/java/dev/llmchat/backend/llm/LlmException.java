package dev.llmchat.backend.llm;

/**
 * A failure of the model server, with a sentence a person can act on and the API status it maps to when it happens
 * before an answer starts.
 */
public class LlmException extends RuntimeException {

	private final Kind kind;

	private final ContextOverflow overflow;

	public LlmException(Kind kind, String message) {
		this(kind, message, ContextOverflow.UNKNOWN);
	}

	/** A {@link Kind#CONTEXT_TOO_LONG} refusal with the numbers the server gave. */
	LlmException(String message, ContextOverflow overflow) {
		this(Kind.CONTEXT_TOO_LONG, message, overflow);
	}

	private LlmException(Kind kind, String message, ContextOverflow overflow) {
		super(message);
		this.kind = kind;
		this.overflow = overflow;
	}

	public Kind kind() {
		return this.kind;
	}

	/** What the server said about its window and the prompt when it refused it as too long; nulls otherwise. */
	public ContextOverflow overflow() {
		return this.overflow;
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
