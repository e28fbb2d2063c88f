package dev.llmchat.frontend.auth;

import java.io.Serial;
import java.io.Serializable;

/**
 * The signed-in person as the session knows them: their e-mail and the backend's JWT. It lives only in the
 * server-side session; the browser never sees the token.
 */
public record BackendUser(String email, String token) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	@Override
	public String toString() {
		// keeps the token out of logs
		return this.email;
	}

}
