package dev.llmchat.frontend.auth;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Starts and ends the server-side session that holds the backend's token.
 */
@Component
public class SessionSignIn {

	private final SecurityContextRepository contexts;

	private final CsrfAuthenticationStrategy csrfRotation;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	SessionSignIn(SecurityContextRepository contexts, CsrfTokenRepository csrfTokens) {
		this.contexts = contexts;
		this.csrfRotation = new CsrfAuthenticationStrategy(csrfTokens);
	}

	void signIn(String email, String token, HttpServletRequest request, HttpServletResponse response) {
		if (request.getSession(false) != null) {
			// a new session id on sign-in, so an id planted before it is worth nothing
			request.changeSessionId();
		}
		var authentication = UsernamePasswordAuthenticationToken.authenticated(new BackendUser(email, token), null,
				List.of(new SimpleGrantedAuthority("ROLE_USER")));
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		this.contexts.saveContext(context, request, response);
		// a CSRF token seen before sign-in is worth nothing after it, as with Spring Security's own form login
		this.csrfRotation.onAuthentication(authentication, request, response);
	}

	/** Forgets the person: used when the backend no longer accepts their token. */
	public void signOut(HttpServletRequest request) {
		this.holder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
	}

}
