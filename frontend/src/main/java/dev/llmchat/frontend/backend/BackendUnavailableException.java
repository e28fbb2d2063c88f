package dev.llmchat.frontend.backend;

/**
 * The backend could not be reached at all (connection refused, timeout, DNS): the page shows a banner.
 */
public class BackendUnavailableException extends RuntimeException {

	BackendUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
