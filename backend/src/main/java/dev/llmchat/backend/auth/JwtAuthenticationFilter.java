package dev.llmchat.backend.auth;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a valid {@code Authorization: Bearer} token into the request's {@link CurrentUser}. A request without a
 * valid token stays anonymous; the security configuration then answers 401 where a user is needed.
 */
class JwtAuthenticationFilter extends OncePerRequestFilter {

	static final String INVALID_TOKEN_ATTRIBUTE = JwtAuthenticationFilter.class.getName() + ".invalid";

	private final TokenService tokens;

	private final TokenRevocations revocations;

	JwtAuthenticationFilter(TokenService tokens, TokenRevocations revocations) {
		this.tokens = tokens;
		this.revocations = revocations;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			this.tokens.verify(header.substring(7).strip())
				.filter(token -> this.revocations.accepts(token.userId(), token.issuedAt()))
				.ifPresentOrElse(token -> authenticate(token.userId()),
						() -> request.setAttribute(INVALID_TOKEN_ATTRIBUTE, Boolean.TRUE));
		}
		chain.doFilter(request, response);
	}

	private static void authenticate(Long userId) {
		var authentication = new UsernamePasswordAuthenticationToken(new CurrentUser(userId), null, List.of());
		SecurityContextHolder.getContext().setAuthentication(authentication);
	}

}
