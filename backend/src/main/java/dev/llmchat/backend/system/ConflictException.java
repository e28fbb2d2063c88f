package dev.llmchat.backend.system;

/** The request clashes with the current state (an e-mail taken, a generation running): answered with 409. */
public class ConflictException extends RuntimeException {

	public ConflictException(String detail) {
		super(detail);
	}

}
