package dev.llmchat.frontend.session;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.llmchat.frontend.FrontendApplication;
import dev.llmchat.frontend.StubBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two frontend replicas with the same {@code SESSION_SECRET} and a browser that goes to either, as behind a
 * round-robin load balancer: the person stays signed in, forms and the chat page's calls pass the CSRF check, flash
 * messages arrive, and neither replica keeps a session. A third replica with another secret knows nobody.
 */
class FrontendReplicasTests {

	private static final String SECRET = "the-secret-every-replica-shares-0123456789";

	private static final String TOKEN = "header.payload.signature";

	private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern META_TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

	private static final String EVENTS = "id: 1\ndata: {\"type\":\"start\",\"message_id\":11,\"model\":\"tiny\"}\n\n"
			+ "id: 2\ndata: {\"type\":\"token\",\"chunk\":\"Hi\"}\n\n"
			+ "id: 3\ndata: {\"type\":\"done\",\"message_id\":11,\"finish_reason\":\"stop\"}\n\n";

	private static final StubBackend backend = StubBackend.start();

	private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private static String first;

	private static String second;

	private static String foreign;

	private final Browser browser = new Browser();

	@BeforeAll
	static void startReplicas() {
		first = start(SECRET);
		second = start(SECRET);
		foreign = start("a-secret-no-other-replica-has-0123456789");
	}

	@AfterAll
	static void stopReplicas() {
		replicas.forEach(ConfigurableApplicationContext::close);
		backend.close();
	}

	@BeforeEach
	void answerLikeTheBackend() {
		backend.reset();
		backend.json("POST /auth/login", 200,
				"{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, "{\"object\":\"list\",\"data\":[{\"id\":\"tiny\"}]}");
		backend.json("PATCH /chats/7", 200, """
				{"id":7,"title":"Better","created_at":"2026-01-31T14:03:12Z","updated_at":"2026-01-31T14:03:12Z"}""");
		backend.stream("POST /generate", Duration.ZERO, EVENTS);
		backend.stream("GET /chats/7/generation", Duration.ZERO, EVENTS);
		backend.empty("POST /chats/7/generation/stop", 204);
	}

	@Test
	void aPersonSignedInOnOneReplicaUsesBothForPagesFormsAndStreams() throws Exception {
		signIn(first, second);

		String csrf = metaToken(this.browser.expectPage(first + "/dashboard"));
		HttpResponse<String> renamed = this.browser.form(second + "/chats/7/rename", "title=Better&_csrf=" + encode(csrf));
		assertThat(renamed.statusCode()).isEqualTo(302);
		assertThat(this.browser.expectPage(first + "/dashboard")).contains("The chat was renamed.");
		String page = this.browser.expectPage(second + "/dashboard");
		assertThat(page).as("a flash message is shown once").doesNotContain("The chat was renamed.");

		String pageToken = metaToken(page);
		HttpResponse<String> stream = this.browser.json(first + "/api/stream", pageToken,
				"{\"chat_id\":7,\"prompt\":\"hi\"}");
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.body()).isEqualTo(EVENTS);
		HttpResponse<String> attached = this.browser.get(second + "/api/chats/7/generation");
		assertThat(attached.statusCode()).isEqualTo(200);
		assertThat(attached.body()).isEqualTo(EVENTS);
		assertThat(this.browser.json(second + "/api/chats/7/stop", pageToken, "").statusCode()).isEqualTo(204);

		assertThat(backend.received())
			.filteredOn((request) -> !request.route().equals("POST /auth/login") && !request.route().equals("GET /health"))
			.isNotEmpty()
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN));
		assertThat(this.browser.cookieHeaders()).isNotEmpty().noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));
		for (ConfigurableApplicationContext replica : replicas) {
			assertThat(sessionsCreated(replica)).as("HttpSessions created by a replica").isZero();
		}
	}

	@Test
	void aFormFromOneReplicasPageNeedsItsCsrfTokenOnTheOther() throws Exception {
		signIn(second, first);
		this.browser.expectPage(first + "/dashboard");

		assertThat(this.browser.form(second + "/chats/7/rename", "title=Better").statusCode()).isEqualTo(403);
		assertThat(this.browser.form(second + "/chats/7/rename", "title=Better&_csrf=bm90LWEtdG9rZW4").statusCode())
			.isEqualTo(403);
		assertThat(backend.received()).noneMatch((request) -> request.route().equals("PATCH /chats/7"));
	}

	@Test
	void loggingOutOnOneReplicaEndsTheSessionOnTheOther() throws Exception {
		signIn(first, first);
		String csrf = metaToken(this.browser.expectPage(second + "/dashboard"));

		HttpResponse<String> logout = this.browser.form(second + "/logout", "_csrf=" + encode(csrf));
		assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?logout"));
		HttpResponse<String> dashboard = this.browser.get(first + "/dashboard");
		assertThat(dashboard.statusCode()).isEqualTo(302);
		assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void aReplicaWithAnotherSecretKnowsNobodyAndSaysSoCalmly() throws Exception {
		signIn(first, second);
		int callsBefore = backend.received().size();

		HttpResponse<String> api = this.browser.get(foreign + "/api/chats/7/generation");
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.body()).contains("\"detail\":\"You are not logged in. Log in again.\"");
		HttpResponse<String> dashboard = this.browser.get(foreign + "/dashboard");
		assertThat(dashboard.statusCode()).isEqualTo(302);
		assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
		assertThat(backend.received()).hasSize(callsBefore);
	}

	/** Logs in with the form of one replica, posted to the other. */
	private void signIn(String formFrom, String postTo) throws Exception {
		String csrf = find(FORM_TOKEN, this.browser.expectPage(formFrom + "/login"));
		HttpResponse<String> login = this.browser.form(postTo + "/login",
				"email=ana%40example.org&password=secret-pass&_csrf=" + encode(csrf));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/dashboard"));
	}

	private static String start(String secret) {
		// arguments win over application.properties, and stand in for the environment variables it reads
		ConfigurableApplicationContext replica = new SpringApplicationBuilder(FrontendApplication.class)
			.run("--PORT=0", "--MANAGEMENT_PORT=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
					"--BACKEND_URL=" + backend.baseUrl(), "--SESSION_SECRET=" + secret);
		replicas.add(replica);
		return "http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port");
	}

	private static long sessionsCreated(ConfigurableApplicationContext replica) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) replica).getWebServer();
		long created = 0;
		for (Container context : server.getTomcat().getHost().findChildren()) {
			created += ((Context) context).getManager().getSessionCounter();
		}
		return created;
	}

	private static String metaToken(String page) {
		return find(META_TOKEN, page);
	}

	private static String find(Pattern pattern, String page) {
		Matcher matcher = pattern.matcher(page);
		assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
		return matcher.group(1);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** One browser: a cookie jar for every replica (cookies do not care about ports), and what it was sent. */
	private static final class Browser {

		private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		private final List<String> cookieHeaders = new ArrayList<>();

		String expectPage(String url) throws IOException, InterruptedException {
			HttpResponse<String> page = get(url);
			assertThat(page.statusCode()).as("GET " + url).isEqualTo(200);
			return page.body();
		}

		HttpResponse<String> get(String url) throws IOException, InterruptedException {
			return send(request(url).header("Accept", "text/html, text/event-stream, application/json").GET());
		}

		HttpResponse<String> form(String url, String body) throws IOException, InterruptedException {
			return send(request(url).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(BodyPublishers.ofString(body)));
		}

		HttpResponse<String> json(String url, String csrf, String body) throws IOException, InterruptedException {
			return send(request(url).header("Content-Type", "application/json")
				.header("X-CSRF-TOKEN", csrf)
				.POST(BodyPublishers.ofString(body)));
		}

		List<String> cookieHeaders() {
			return this.cookieHeaders;
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			HttpResponse<String> response = this.client.send(request.build(), BodyHandlers.ofString());
			this.cookieHeaders.addAll(response.headers().allValues("Set-Cookie"));
			return response;
		}

		private static HttpRequest.Builder request(String url) {
			return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
		}

	}

}
