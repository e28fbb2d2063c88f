package dev.llmchat.frontend;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser over real HTTP, signed in against the {@link StubBackend} the way a person signs in: it keeps its
 * cookies and the page's CSRF token, and sends JSON as the chat page's scripts do.
 */
public final class BrowserSession {

	private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

	private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	private final int port;

	private String csrfToken;

	private BrowserSession(int port) {
		this.port = port;
	}

	/**
	 * Signs in as ana with {@link FrontendTestSupport#TOKEN}, and checks that the CSRF token from before signing in
	 * was rotated away.
	 */
	public static BrowserSession signIn(int port, StubBackend backend) throws IOException, InterruptedException {
		BrowserSession session = new BrowserSession(port);
		session.csrfToken = csrfTokenOf(session.send(session.request("/login").GET()).body());
		backend.json("POST /auth/login", 200,
				"{\"access_token\":\"" + FrontendTestSupport.TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
		HttpResponse<String> login = session.send(session.request("/login")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("email=ana%40example.org&password=secret-pass&_csrf=" + session.csrfToken)));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/dashboard"));
		String beforeSignIn = session.csrfToken;
		session.csrfToken = csrfTokenOf(session.send(session.request("/login").GET()).body());
		HttpResponse<String> stale = session.send(session.request("/api/chats/7/stop")
			.header("X-CSRF-TOKEN", beforeSignIn)
			.POST(BodyPublishers.noBody()));
		assertThat(stale.statusCode()).as("the token from before sign-in was rotated away").isEqualTo(403);
		return session;
	}

	public String csrfToken() {
		return this.csrfToken;
	}

	public HttpClient client() {
		return this.browser;
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
	}

	/** A JSON request with the page's CSRF header, as the chat page's scripts send it. */
	public HttpRequest json(String method, String path, String body) {
		return request(path).header("Content-Type", "application/json")
			.header("Accept", "text/event-stream, application/problem+json, application/json")
			.header("X-CSRF-TOKEN", this.csrfToken)
			.method(method, BodyPublishers.ofString(body))
			.build();
	}

	public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return send(request.build());
	}

	public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.browser.send(request, BodyHandlers.ofString());
	}

	/** The answer is problem+json with this status and {@code detail}. */
	public static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"detail\":\"" + detail + "\"");
	}

	private static String csrfTokenOf(String page) {
		Matcher matcher = CSRF.matcher(page);
		assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
		return matcher.group(1);
	}

}
