package dev.llmchat.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpMethod;

/**
 * A browser's session on the frontend, signed in the way the login page does it: the form's CSRF token from
 * {@code GET /login}, {@code POST /login}, then the page's {@code csrf-token} and {@code csrf-header} meta tags, which
 * the chat page's script sends with every {@code /api} call. {@code cookies} holds the session's cookies (the sealed
 * {@code LLMCHAT_SESSION} and the CSRF token's cookie) and, as a browser does, the renewed session cookie each answer
 * may set.
 */
record FrontendSession(CookieJar cookies, String csrfHeader, String csrfToken) {

	private static final String SESSION_COOKIE = "LLMCHAT_SESSION";

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern META_TOKEN = Pattern.compile("<meta[^>]*name=\"csrf-token\"[^>]*content=\"([^\"]+)\"");

	private static final Pattern META_HEADER = Pattern.compile("<meta[^>]*name=\"csrf-header\"[^>]*content=\"([^\"]+)\"");

	static FrontendSession signIn(Http http, String url, String email, String password) {
		CookieJar cookies = new CookieJar();
		Reply form = http.exchange(HttpMethod.GET, url + "/login", headers -> headers.set("Accept", "text/html"), null)
			.block()
			.require("GET /login");
		cookies.keep(form.headers().getAll("Set-Cookie"));
		String body = "email=" + encode(email) + "&password=" + encode(password) + "&_csrf="
				+ encode(find(FORM_TOKEN, form.body(), "the login form's CSRF token"));
		Reply login = http.exchange(HttpMethod.POST, url + "/login", headers -> headers.set("Cookie", cookies.header())
			.set("Content-Type", "application/x-www-form-urlencoded")
			.set("Accept", "text/html"), body).block();
		String location = login.headers().get("Location", "");
		if (login.status() != 302 || !location.endsWith("/dashboard")) {
			throw new IllegalStateException("POST /login on the frontend answered " + login.status() + " to "
					+ location + " instead of a redirect to /dashboard");
		}
		cookies.keep(login.headers().getAll("Set-Cookie"));
		if (!cookies.has(SESSION_COOKIE)) {
			throw new IllegalStateException("the frontend set no " + SESSION_COOKIE + " cookie on sign-in");
		}
		Reply dashboard = http.exchange(HttpMethod.GET, url + "/dashboard", headers -> headers.set("Cookie",
				cookies.header()).set("Accept", "text/html"), null).block().require("GET /dashboard");
		cookies.keep(dashboard.headers().getAll("Set-Cookie"));
		return new FrontendSession(cookies, find(META_HEADER, dashboard.body(), "the csrf-header meta tag"),
				find(META_TOKEN, dashboard.body(), "the csrf-token meta tag"));
	}

	private static String find(Pattern pattern, String html, String what) {
		Matcher matcher = pattern.matcher(html);
		if (!matcher.find()) {
			throw new IllegalStateException("the frontend's page has no " + what);
		}
		return matcher.group(1);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
