package dev.llmchat.frontend.backend;

/**
 * The backend refused the session's token (401): the person has to log in again.
 */
public class SessionExpiredException extends RuntimeException {

	SessionExpiredException() {
		super("The backend refused the session's token");
	}

}
