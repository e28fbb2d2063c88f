package dev.llmchat.frontend.session;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's cookies over real HTTP, so that Tomcat's cookie parsing and its reading of a proxy's headers take
 * part.
 */
class SessionCookiesTests extends FrontendTestSupport {

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void behindAnHttpsProxyTheSessionAndCsrfCookiesAreSecure() throws Exception {
		backend.json("POST /auth/login", 200,
				"{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
		HttpResponse<String> form = send(request("/login").header("X-Forwarded-Proto", "https").GET());
		String csrfCookie = setCookie(form, "LLMCHAT_CSRF");
		assertThat(csrfCookie).contains("; Secure").contains("; HttpOnly").contains("SameSite=Lax");

		Matcher token = FORM_TOKEN.matcher(form.body());
		assertThat(token.find()).isTrue();
		HttpResponse<String> login = send(request("/login").header("X-Forwarded-Proto", "https")
			.header("Cookie", csrfCookie.substring(0, csrfCookie.indexOf(';')))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("email=ana%40example.org&password=secret-pass&_csrf="
					+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(setCookie(login, SESSION_COOKIE)).contains("; Secure")
			.contains("; HttpOnly")
			.contains("SameSite=Lax")
			.contains("Path=/")
			.doesNotContain("Max-Age")
			.doesNotContain(TOKEN);
	}

	@Test
	void aSessionCookieThatDoesNotOpenIsNobodyAndIsClearedNeverAnError() throws Exception {
		byte[] lookalike = new byte[200];
		lookalike[0] = 1;
		for (String value : List.of("garbage", "A".repeat(CookieSeal.MAX_LENGTH + 1), "%00%ff",
				Base64.getUrlEncoder().withoutPadding().encodeToString(lookalike))) {
			String cookie = SESSION_COOKIE + "=" + value;

			HttpResponse<String> page = send(request("/dashboard").header("Cookie", cookie).GET());
			assertThat(page.statusCode()).as(value).isEqualTo(302);
			assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
					(location) -> assertThat(location).endsWith("/login"));
			assertThat(setCookie(page, SESSION_COOKIE)).as(value).contains("Max-Age=0");

			HttpResponse<String> api = send(request("/api/chats/7/generation").header("Cookie", cookie).GET());
			assertThat(api.statusCode()).as(value).isEqualTo(401);
			assertThat(api.body()).contains("\"detail\":\"You are not logged in. Log in again.\"");
		}
		assertThat(backend.received()).isEmpty();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

	private static String setCookie(HttpResponse<String> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.reduce((first, last) -> last)
			.orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
	}

}
