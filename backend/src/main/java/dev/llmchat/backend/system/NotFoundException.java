package dev.llmchat.backend.system;

/** Something the caller asked for does not exist, or is not theirs to see: answered with 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String detail) {
		super(detail);
	}

}
