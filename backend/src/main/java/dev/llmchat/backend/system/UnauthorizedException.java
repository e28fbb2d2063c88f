package dev.llmchat.backend.system;

/** The caller could not be authenticated (a failed login): answered with 401. */
public class UnauthorizedException extends RuntimeException {

	public UnauthorizedException(String detail) {
		super(detail);
	}

}
