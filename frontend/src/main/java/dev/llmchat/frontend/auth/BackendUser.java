package dev.llmchat.frontend.auth;

import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The signed-in person as the session knows them: their e-mail and the backend's JWT. It travels only inside the
 * sealed session cookie, which the page's scripts cannot read and nobody without the key can decrypt.
 */
public record BackendUser(String email, String token) {

	/** This person, signed in. */
	public Authentication authentication() {
		return UsernamePasswordAuthenticationToken.authenticated(this, null,
				List.of(new SimpleGrantedAuthority("ROLE_USER")));
	}

	@Override
	public String toString() {
		// keeps the token out of logs
		return this.email;
	}

}
