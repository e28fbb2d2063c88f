package dev.llmchat.frontend;

import java.util.Arrays;
import java.util.UUID;

import jakarta.servlet.http.Cookie;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The CSRF token of a MockMvc post as a browser sends it: the token's cookie, and the form field masked as the page
 * masks it. (Spring Security's own {@code csrf()} swaps the context's token repository for one that keeps tokens
 * in the HttpSession, for every later test of the context: spring-security#17082.)
 */
public final class BrowserCsrf {

	public static final String COOKIE = "LLMCHAT_CSRF";

	private BrowserCsrf() {
	}

	public static RequestPostProcessor csrf() {
		String token = UUID.randomUUID().toString();
		return csrf(token, token);
	}

	/** A form field that belongs to another browser's token than the cookie. */
	public static RequestPostProcessor csrfOfAnotherBrowser() {
		return csrf(UUID.randomUUID().toString(), UUID.randomUUID().toString());
	}

	private static RequestPostProcessor csrf(String cookieToken, String fieldToken) {
		return (request) -> {
			MockHttpServletRequest page = new MockHttpServletRequest();
			new XorCsrfTokenRequestAttributeHandler().handle(page, new MockHttpServletResponse(),
					() -> new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", fieldToken));
			CsrfToken masked = (CsrfToken) page.getAttribute(CsrfToken.class.getName());
			Cookie[] cookies = (request.getCookies() != null) ? request.getCookies() : new Cookie[0];
			Cookie[] withToken = Arrays.copyOf(cookies, cookies.length + 1);
			withToken[cookies.length] = new Cookie(COOKIE, cookieToken);
			request.setCookies(withToken);
			request.setParameter(masked.getParameterName(), masked.getToken());
			return request;
		};
	}

}
