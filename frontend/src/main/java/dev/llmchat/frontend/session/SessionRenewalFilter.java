package dev.llmchat.frontend.session;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps an active session alive: before the request is handled (and its answer can have started), the session
 * cookie is sealed again when it is due, or cleared when it holds no session.
 */
final class SessionRenewalFilter extends OncePerRequestFilter {

	private final SessionCookieRepository sessions;

	SessionRenewalFilter(SessionCookieRepository sessions) {
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.sessions.renew(request, response);
		chain.doFilter(request, response);
	}

}
