package dev.llmchat.backend.system;

import java.time.Duration;

/** The caller must slow down: answered with 429 and {@code Retry-After}. */
public class TooManyRequestsException extends RuntimeException {

	private final Duration retryAfter;

	public TooManyRequestsException(String detail, Duration retryAfter) {
		super(detail);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
