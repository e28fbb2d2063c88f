package dev.llmchat.frontend.backend;

import org.springframework.http.HttpStatusCode;

/**
 * The backend answered with an error status; {@link #detail()} is the sentence it meant for the person.
 */
public class BackendProblemException extends RuntimeException {

	private final Problem problem;

	BackendProblemException(Problem problem) {
		super("The backend answered " + problem.status().value());
		this.problem = problem;
	}

	public HttpStatusCode status() {
		return this.problem.status();
	}

	/** The backend's {@code detail}, or {@code null} when its answer had none. */
	public String detail() {
		return this.problem.detail();
	}

	/** The backend's answer as it came, to relay to a script unchanged. */
	public Problem problem() {
		return this.problem;
	}

}
