package dev.llmchat.frontend.backend;

/**
 * The backend answered 404: the chat does not exist or belongs to someone else.
 */
public class BackendNotFoundException extends BackendProblemException {

	BackendNotFoundException(Problem problem) {
		super(problem);
	}

}
