package dev.llmchat.backend.system;

import org.springframework.http.HttpStatus;

/** A well-formed request with a value the API cannot accept: 422, or 413 when it is too large. */
public class InvalidRequestException extends RuntimeException {

	private final HttpStatus status;

	public InvalidRequestException(String detail) {
		this(HttpStatus.UNPROCESSABLE_CONTENT, detail);
	}

	public InvalidRequestException(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}
