package dev.llmchat.frontend.session;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.util.WebUtils;

/**
 * Reads and writes the session's cookies, all alike: for the whole site, out of reach of the page's scripts, not
 * sent with another site's posts, and only over HTTPS when the browser came over HTTPS (behind a proxy, as its
 * {@code X-Forwarded-Proto} says).
 */
final class Cookies {

	private Cookies() {
	}

	/** The cookie's value as the browser sent it, or {@code null}. */
	static String value(HttpServletRequest request, String name) {
		Cookie cookie = WebUtils.getCookie(request, name);
		return (cookie != null) ? cookie.getValue() : null;
	}

	/**
	 * @param maxAge how long the browser keeps the cookie; {@code null} until the browser closes
	 */
	static void set(HttpServletRequest request, HttpServletResponse response, String name, String value,
			Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value)
			.path("/")
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax");
		if (maxAge != null) {
			cookie.maxAge(maxAge);
		}
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
	}

	static void clear(HttpServletRequest request, HttpServletResponse response, String name) {
		set(request, response, name, "", Duration.ZERO);
	}

}
