package dev.llmchat.frontend.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Starts and ends the session that holds the backend's token.
 */
@Component
public class SessionSignIn {

	private final SecurityContextRepository contexts;

	private final CsrfTokenRepository csrfTokens;

	private final CsrfAuthenticationStrategy csrfRotation;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	SessionSignIn(SecurityContextRepository contexts, CsrfTokenRepository csrfTokens) {
		this.contexts = contexts;
		this.csrfTokens = csrfTokens;
		this.csrfRotation = new CsrfAuthenticationStrategy(csrfTokens);
	}

	void signIn(String email, String token, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = new BackendUser(email, token).authentication();
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		this.contexts.saveContext(context, request, response);
		// a CSRF token seen before sign-in is worth nothing after it, as with Spring Security's own form login
		this.csrfRotation.onAuthentication(authentication, request, response);
	}

	/**
	 * Forgets the person and their CSRF token, as "Log out" does: used when the backend no longer accepts their
	 * token, and after "Log out everywhere".
	 */
	public void signOut(HttpServletRequest request, HttpServletResponse response) {
		this.holder.clearContext();
		this.contexts.saveContext(this.holder.createEmptyContext(), request, response);
		this.csrfTokens.saveToken(null, request, response);
	}

}
