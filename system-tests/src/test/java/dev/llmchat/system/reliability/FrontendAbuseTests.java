package dev.llmchat.system.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.system.AppProcess;
import dev.llmchat.system.TestStack;
import dev.llmchat.system.reliability.Http.Response;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frontend jar in front of the backend jar, both real processes, attacked the way a signed-in stranger could:
 * every route that takes a chat id tried with another person's chat, hostile values in every form field, query,
 * path id, JSON body and the headers the pages send, and the security headers of both apps checked on pages, API
 * answers and error pages. At the end neither app's log holds a password or a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrontendAbuseTests {

	private static final Duration START_DEADLINE = Duration.ofSeconds(180);

	private static final Path OUTPUT = Path.of("target", "reliability");

	/** Hostile text for form fields, queries and headers. */
	private static final List<String> TEXTS = List.of("", " ", "\u0000", "\u0001\u001f\u007f\t\r\n", "\uD800",
			"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202Egnp.exe 你好 🎉 e\u0301 \uFEFF", "' OR '1'='1' --", "1; DROP TABLE chats; --", "%", "_%\\",
			"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}${7*7}#{7*7}[[${7*7}]]",
			"${jndi:ldap://127.0.0.1/x}", "../../../../etc/passwd", "x".repeat(100_001), "9223372036854775808", "-1",
			"null");

	/** Hostile JSON values for the chat page's API, as raw JSON text (some deliberately invalid). */
	private static final List<String> VALUES = List.of("null", "true", "0", "-1", "9223372036854775807",
			"9223372036854775808", "1e999999", "0.5", "NaN", "\"\"", "\"\\u0000\"", "\"\\ud800\"",
			"\"<script>alert(1)</script>\"", "\"' OR '1'='1\"", "\"" + "x".repeat(100_001) + "\"", "[]", "{}",
			"{\"$ne\":null}");

	private static final List<String> PATH_IDS = List.of("0", "-1", "9223372036854775808", "9".repeat(400), "abc",
			"0x10", "%EF%BC%91", "%00", "%0A", "..%2F..%2Flogout", "%3Cscript%3E", "%20", "1.0");

	private static final List<String> REFLECTED = List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>");

	private TestStack stack;

	private String frontendUrl;

	private Http backendApi;

	private final List<String> passwords = new ArrayList<>();

	private String victimToken;

	private long victimChat;

	private FrontendSession attacker;

	private long attackerChat;

	private long victimQuestion;

	private long victimAnswer;

	@BeforeAll
	void startBothApps() throws IOException {
		this.stack = TestStack.start(SimulatorConfig.defaults().withTokensPerSecond(200).withAnswerTokens(12), OUTPUT,
				"abuse-", START_DEADLINE);
		this.frontendUrl = this.stack.frontendUrl();
		this.backendApi = new Http(this.stack.backendUrl());

		String victimEmail = "victim-" + UUID.randomUUID() + "@example.com";
		FrontendSession.signUp(this.frontendUrl, victimEmail, password());
		this.victimToken = this.backendApi.postJson("/auth/login", null,
				Map.of("email", victimEmail, "password", this.passwords.getLast())).json().path("access_token").asString();
		this.victimChat = this.backendApi.postJson("/chats", this.victimToken,
				Map.of("title", "victim's secret title", "system_prompt", "victim's secret prompt")).json().path("id").asLong();
		assertThat(this.backendApi.postJson("/generate", this.victimToken,
				Map.of("chat_id", this.victimChat, "prompt", "victim's secret question")).status()).isEqualTo(200);
		JsonNode victimMessages = this.backendApi.get("/chats/" + this.victimChat, this.victimToken).json().path("messages");
		this.victimQuestion = victimMessages.get(victimMessages.size() - 2).path("id").asLong();
		this.victimAnswer = victimMessages.get(victimMessages.size() - 1).path("id").asLong();

		this.attacker = FrontendSession.signUp(this.frontendUrl, "attacker-" + UUID.randomUUID() + "@example.com", password());
		Response created = this.attacker.form("/chats/new", Map.of("title", "attacker's", "systemPrompt", "", "model", ""));
		assertThat(created.status()).as(created.toString()).isEqualTo(302);
		this.attackerChat = Long.parseLong(created.header("Location").replaceAll(".*/chat/", ""));
	}

	@AfterAll
	void stopBothApps() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

	@Test
	@Order(1)
	void everyRouteTakingAChatIdRefusesAnotherPersonsChatAndChangesNothing() {
		String before = victimSnapshot();
		String id = Long.toString(this.victimChat);
		String prompt = "{\"chat_id\":" + id + ",\"prompt\":\"let me in\"}";
		Map<String, Response> answers = new LinkedHashMap<>();
		answers.put("GET /chat/{id}", this.attacker.page("/chat/" + id));
		answers.put("GET /chat/{id}/history", this.attacker.page("/chat/" + id + "/history"));
		answers.put("GET /api/chats/{id}/generation", this.attacker.get("/api/chats/" + id + "/generation", Map.of()));
		answers.put("POST /api/chats/{id}/stop", this.attacker.api("/api/chats/" + id + "/stop", ""));
		answers.put("POST /api/stream", this.attacker.api("/api/stream", prompt));
		answers.put("POST /api/generate", this.attacker.api("/api/generate", prompt));
		answers.put("PUT /api/chats/{id}/title", this.attacker.api("PUT", "/api/chats/" + id + "/title",
				"{\"title\":\"taken over\"}"));
		answers.put("DELETE /api/chats/{id}", this.attacker.api("DELETE", "/api/chats/" + id, null));
		answers.put("GET /api/chats/{id}", this.attacker.get("/api/chats/" + id, Map.of()));
		String question = Long.toString(this.victimQuestion);
		String answer = Long.toString(this.victimAnswer);
		answers.put("POST /api/chats/{id}/messages/{mid}/edit",
				this.attacker.api("/api/chats/" + id + "/messages/" + question + "/edit", "{\"prompt\":\"mine\"}"));
		answers.put("POST /api/chats/{id}/messages/{mid}/regenerate",
				this.attacker.api("/api/chats/" + id + "/messages/" + answer + "/regenerate", "{}"));
		answers.put("edit another person's message in one's own chat", this.attacker
			.api("/api/chats/" + this.attackerChat + "/messages/" + question + "/edit", "{\"prompt\":\"mine\"}"));
		answers.put("regenerate another person's answer in one's own chat",
				this.attacker.api("/api/chats/" + this.attackerChat + "/messages/" + answer + "/regenerate", "{}"));
		answers.put("PUT /api/chats/{id}/branch",
				this.attacker.api("PUT", "/api/chats/" + id + "/branch", "{\"message_id\":" + question + "}"));
		answers.put("show another person's message in one's own chat", this.attacker.api("PUT",
				"/api/chats/" + this.attackerChat + "/branch", "{\"message_id\":" + question + "}"));
		answers.put("PATCH /api/chats/{id}/settings",
				this.attacker.api("PATCH", "/api/chats/" + id + "/settings", "{\"system_prompt\":\"taken over\"}"));
		answers.put("GET /chat/{id}/export (JSON)", this.attacker.page("/chat/" + id + "/export?format=json"));
		answers.put("GET /chat/{id}/export (Markdown)", this.attacker.page("/chat/" + id + "/export?format=markdown"));
		answers.forEach((route, response) -> {
			assertThat(response.status()).as(route + " " + response).isEqualTo(404);
			assertThat(response.body()).as(route).doesNotContain("victim's");
		});
		for (String action : List.of("rename", "delete")) {
			this.attacker.page("/dashboard");
			Response response = this.attacker.form("/chats/" + id + "/" + action, Map.of("title", "taken over"));
			assertThat(response.status()).as(action).isEqualTo(302);
			assertThat(this.attacker.page("/dashboard").body()).as(action).doesNotContain("victim's");
		}
		Response list = this.attacker.get("/api/chats?q=victim", Map.of());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).as("the sidebar's list").isEqualTo("[]");
		assertThat(victimSnapshot()).isEqualTo(before);
	}

	@Test
	@Order(2)
	void anotherPersonsRunningAnswerCanBeNeitherFollowedNorStopped() throws IOException {
		HttpResponse<InputStream> running = this.backendApi.openStream("/generate", this.victimToken,
				Map.of("chat_id", this.victimChat, "prompt", "a long one [[sim:tokens=3000]]", "stream", true));
		try (BufferedReader events = Http.lines(running)) {
			readTokens(events, 3);
			String id = Long.toString(this.victimChat);
			assertThat(this.attacker.get("/api/chats/" + id + "/generation", Map.of("Last-Event-ID", "1")).status())
				.isEqualTo(404);
			assertThat(this.attacker.api("/api/chats/" + id + "/stop", "").status()).isEqualTo(404);
			assertThat(this.attacker.api("/api/stream", "{\"chat_id\":" + id + ",\"prompt\":\"mine\"}").status())
				.isEqualTo(404);
			readTokens(events, 20);
			assertThat(this.backendApi.postJson("/chats/" + id + "/generation/stop", this.victimToken, "").status())
				.isEqualTo(204);
		}
	}

	@Test
	@Order(3)
	void pagesApiAnswersAndErrorPagesOfBothAppsCarryTheSecurityHeaders() {
		FrontendSession anonymous = new FrontendSession(this.frontendUrl);
		Map<String, Response> frontendAnswers = new LinkedHashMap<>();
		frontendAnswers.put("login page", anonymous.page("/login"));
		frontendAnswers.put("health", anonymous.page("/health"));
		frontendAnswers.put("script", anonymous.page("/js/chat.js"));
		frontendAnswers.put("API without a session", anonymous.get("/api/chats/1/generation", Map.of()));
		frontendAnswers.put("post without CSRF", anonymous.formWithoutToken("/login", Map.of("email", "a@b.c", "password", "x")));
		frontendAnswers.put("dashboard", this.attacker.page("/dashboard"));
		frontendAnswers.put("chat page", this.attacker.page("/chat/" + this.attackerChat));
		frontendAnswers.put("missing chat page", this.attacker.page("/chat/987654321"));
		frontendAnswers.put("missing route", this.attacker.page("/no/such/page"));
		frontendAnswers.put("API error", this.attacker.get("/api/chats/987654321/generation", Map.of()));
		frontendAnswers.forEach((what, response) -> assertSecurityHeaders("frontend " + what, response));
		Response page = frontendAnswers.get("dashboard");
		assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");

		Map<String, Response> backendAnswers = new LinkedHashMap<>();
		backendAnswers.put("health", this.backendApi.get("/health", null));
		backendAnswers.put("401", this.backendApi.get("/chats", null));
		backendAnswers.put("404", this.backendApi.get("/chats/987654321", this.victimToken));
		backendAnswers.put("413", this.backendApi.postJson("/chats", this.victimToken, "{\"title\":\"" + "x".repeat(300_000) + "\"}"));
		backendAnswers.put("docs", this.backendApi.get("/v3/api-docs", null));
		backendAnswers.forEach((what, response) -> assertSecurityHeaders("backend " + what, response));
	}

	@Test
	@Order(4)
	void hostileValuesInEveryFieldQueryPathAndBodyGiveNo5xxNoReflectedMarkupAndLeaveOthersAlone() {
		String before = victimSnapshot();
		String own = Long.toString(this.attackerChat);
		List<String> failures = new ArrayList<>();
		for (String text : TEXTS) {
			this.attacker.page("/dashboard");
			check(failures, "new chat title", this.attacker.form("/chats/new", Map.of("title", text, "systemPrompt", "", "model", "")));
			check(failures, "new chat system prompt",
					this.attacker.form("/chats/new", Map.of("title", "t", "systemPrompt", text, "model", "")));
			check(failures, "new chat model", this.attacker.form("/chats/new", Map.of("title", "t", "systemPrompt", "", "model", text)));
			check(failures, "rename", this.attacker.form("/chats/" + own + "/rename", Map.of("title", text)));
			check(failures, "dashboard search", this.attacker.page("/dashboard?q=" + encode(text)));
			check(failures, "attach with Last-Event-ID",
					this.attacker.get("/api/chats/" + own + "/generation", Map.of("Last-Event-ID", headerSafe(text))));
			check(failures, "stream prompt", this.attacker.api("/api/stream", "{\"chat_id\":" + own + ",\"prompt\":" + Http.JSON.writeValueAsString(text) + "}"));
			check(failures, "sidebar search", this.attacker.get("/api/chats?q=" + encode(text), Map.of()));
			check(failures, "sidebar rename", this.attacker.api("PUT", "/api/chats/" + own + "/title",
					"{\"title\":" + Http.JSON.writeValueAsString(text) + "}"));
		}
		for (String value : VALUES) {
			for (String route : List.of("/api/stream", "/api/generate")) {
				check(failures, route + " chat_id=" + value, this.attacker.api(route, "{\"chat_id\":" + value + ",\"prompt\":\"hi\"}"));
				check(failures, route + " prompt=" + abbreviate(value), this.attacker.api(route, "{\"chat_id\":" + own + ",\"prompt\":" + value + "}"));
				Response model = this.attacker.api(route, "{\"chat_id\":" + own + ",\"prompt\":\"hi\",\"model\":" + value + "}");
				// the model server refuses a model it does not serve, and both apps pass that on as 502 (API.md)
				if (!(model.status() == 502 && model.body().contains("The model server answered 404"))) {
					check(failures, route + " model=" + abbreviate(value), model);
				}
			}
		}
		String versions = "/api/chats/" + own + "/messages/";
		for (String value : VALUES) {
			check(failures, "sidebar rename title=" + abbreviate(value),
					this.attacker.api("PUT", "/api/chats/" + own + "/title", "{\"title\":" + value + "}"));
			check(failures, "edit prompt=" + abbreviate(value),
					this.attacker.api(versions + "1/edit", "{\"prompt\":" + value + "}"));
			check(failures, "regenerate model=" + abbreviate(value),
					this.attacker.api(versions + "1/regenerate", "{\"model\":" + value + "}"));
			check(failures, "branch message_id=" + abbreviate(value),
					this.attacker.api("PUT", "/api/chats/" + own + "/branch", "{\"message_id\":" + value + "}"));
			for (String setting : List.of("system_prompt", "model", "temperature", "top_p", "max_tokens")) {
				check(failures, "settings " + setting + "=" + abbreviate(value), this.attacker.api("PATCH",
						"/api/chats/" + own + "/settings", "{\"" + setting + "\":" + value + "}"));
			}
			// back to the server's defaults: a model name that was valid text but names no model would make every
			// later answer in the chat a 502 of the model server
			assertThat(this.attacker.api("PATCH", "/api/chats/" + own + "/settings", "{}").status()).isEqualTo(200);
		}
		for (String body : List.of("", "null", "[]", "{", "\"x\"", "{\"chat_id\":1}{}")) {
			check(failures, "branch body " + body, this.attacker.api("PUT", "/api/chats/" + own + "/branch", body));
			check(failures, "settings body " + body, this.attacker.api("PATCH", "/api/chats/" + own + "/settings", body));
			check(failures, "/api/stream body " + body, this.attacker.api("/api/stream", body));
			check(failures, "/api/generate body " + body, this.attacker.api("/api/generate", body));
		}
		for (String id : PATH_IDS) {
			check(failures, "chat page " + id, this.attacker.page("/chat/" + id));
			check(failures, "history " + id, this.attacker.page("/chat/" + id + "/history"));
			check(failures, "attach " + id, this.attacker.get("/api/chats/" + id + "/generation", Map.of()));
			check(failures, "stop " + id, this.attacker.api("/api/chats/" + id + "/stop", ""));
			check(failures, "edit " + id, this.attacker.api("/api/chats/" + id + "/messages/" + id + "/edit", "{\"prompt\":\"x\"}"));
			check(failures, "regenerate " + id, this.attacker.api("/api/chats/" + own + "/messages/" + id + "/regenerate", "{}"));
			check(failures, "branch " + id, this.attacker.api("PUT", "/api/chats/" + id + "/branch", "{\"message_id\":1}"));
			check(failures, "settings " + id, this.attacker.api("PATCH", "/api/chats/" + id + "/settings", "{}"));
			check(failures, "export " + id, this.attacker.page("/chat/" + id + "/export?format=" + id));
			this.attacker.page("/dashboard");
			check(failures, "rename " + id, this.attacker.form("/chats/" + id + "/rename", Map.of("title", "x")));
			check(failures, "delete " + id, this.attacker.form("/chats/" + id + "/delete", Map.of()));
			check(failures, "sidebar rename " + id, this.attacker.api("PUT", "/api/chats/" + id + "/title", "{\"title\":\"x\"}"));
			check(failures, "sidebar delete " + id, this.attacker.api("DELETE", "/api/chats/" + id, null));
		}
		check(failures, "stream without CSRF", this.attacker.apiWithoutToken("/api/stream", "{\"chat_id\":" + own + ",\"prompt\":\"hi\"}"));
		check(failures, "edit without CSRF", this.attacker.apiWithoutToken(versions + "1/edit", "{\"prompt\":\"hi\"}"));
		check(failures, "import without CSRF", this.attacker.formWithoutToken("/chats/import", Map.of()));
		check(failures, "delete without CSRF", this.attacker.formWithoutToken("/chats/" + own + "/delete", Map.of()));
		for (String method : List.of("PUT", "DELETE")) {
			Response refused = this.attacker.apiWithoutToken(method, "/api/chats/" + own + ((method.equals("PUT")) ? "/title" : ""),
					"{\"title\":\"no token\"}");
			assertThat(refused.status()).as(method + " without CSRF").isEqualTo(403);
		}
		Response created = this.attacker.apiWithoutToken("/api/chats", "");
		assertThat(created.status()).as("a new chat without CSRF").isEqualTo(403);
		assertThat(failures).isEmpty();
		assertThat(victimSnapshot()).isEqualTo(before);
		assertThat(this.attacker.page("/chat/" + own).status()).as("the attacker's chat survived the sweep").isEqualTo(200);
	}

	/**
	 * The frontend is one client of the backend for every browser: unless it says whose login it relays, one
	 * stranger's failed logins would lock every person out of logging in through it.
	 */
	@Test
	@Order(5)
	void oneAddressGuessingThroughTheFrontendIsThrottledWithoutLockingOthersOut() throws IOException {
		String email = "bystander-" + UUID.randomUUID() + "@example.com";
		String password = password();
		FrontendSession.signUp(this.frontendUrl, email, password);
		FrontendSession guesser = new FrontendSession(this.frontendUrl, InetAddress.getByName("127.0.0.2"));
		for (int i = 0; i < 25; i++) {
			guesser.page("/login");
			guesser.form("/login", Map.of("email", "guess-" + i + "@example.com", "password", "wrong-password"));
		}
		guesser.page("/login");
		Response throttled = guesser.form("/login", Map.of("email", email, "password", password));
		assertThat(throttled.status()).as("the guessing address is throttled, even with a right password").isEqualTo(200);
		assertThat(throttled.body()).contains("Too many failed logins");

		FrontendSession bystander = new FrontendSession(this.frontendUrl, InetAddress.getByName("127.0.0.3"));
		bystander.logIn(email, password);
		assertThat(bystander.page("/dashboard").status()).isEqualTo(200);
	}

	/** Last but one: failed logins count against the frontend's address at the backend. */
	@Test
	@Order(6)
	void hostileLoginsAndRegistrationsGiveNo5xxAndNoReflectedMarkup() {
		List<String> failures = new ArrayList<>();
		FrontendSession stranger = new FrontendSession(this.frontendUrl);
		for (String text : TEXTS) {
			stranger.page("/register");
			check(failures, "register email", stranger.form("/register", Map.of("email", text, "password", "password1", "fullName", "x")));
			check(failures, "register full name", stranger.form("/register",
					Map.of("email", "h-" + UUID.randomUUID() + "@example.com", "password", "password1", "fullName", text)));
			check(failures, "register password", stranger.form("/register",
					Map.of("email", "h-" + UUID.randomUUID() + "@example.com", "password", text, "fullName", "x")));
			stranger.page("/login");
			check(failures, "login email", stranger.form("/login", Map.of("email", text, "password", "password1")));
			check(failures, "login password", stranger.form("/login", Map.of("email", "nobody@example.com", "password", text)));
		}
		assertThat(failures).isEmpty();
	}

	@Test
	@Order(7)
	void neitherAppLogsAPasswordOrAToken() throws IOException {
		for (AppProcess app : List.of(this.stack.backend(), this.stack.frontend())) {
			String log = Files.readString(app.log());
			for (String password : this.passwords) {
				assertThat(log).as(app.name() + "'s log").doesNotContain(password);
			}
			assertThat(log).as(app.name() + "'s log").doesNotContain(this.victimToken).doesNotContain("eyJhbGciOiJIUzI1NiJ9.");
		}
	}

	private void check(List<String> failures, String label, Response response) {
		String body = response.body();
		String type = String.valueOf(response.header("Content-Type"));
		if (response.status() >= 500) {
			failures.add(label + " answered " + abbreviate(response.toString()));
		}
		for (String internal : List.of("Exception", "\tat ", "org.springframework", "java.lang", "SQLITE", "jakarta.")) {
			if (body.contains(internal)) {
				failures.add(label + " showed internals (" + internal + "): " + abbreviate(body));
			}
		}
		if (type.startsWith("text/html")) {
			for (String markup : REFLECTED) {
				if (body.contains(markup)) {
					failures.add(label + " put the markup " + markup + " into a page unescaped");
				}
			}
		}
	}

	private static void assertSecurityHeaders(String what, Response response) {
		String csp = response.header("Content-Security-Policy");
		assertThat(csp).as(what + ": Content-Security-Policy").isNotNull().contains("frame-ancestors 'none'");
		String scripts = directive(csp, "script-src");
		if (scripts == null) {
			scripts = directive(csp, "default-src");
		}
		assertThat(scripts).as(what + ": scripts").isNotNull().doesNotContain("'unsafe-inline'", "'unsafe-eval'", "*", "data:");
		assertThat(response.header("X-Content-Type-Options")).as(what + ": nosniff").isEqualTo("nosniff");
		assertThat(response.header("Referrer-Policy")).as(what + ": Referrer-Policy")
			.isIn("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
	}

	private static String directive(String csp, String name) {
		for (String directive : csp.split(";")) {
			if (directive.strip().startsWith(name + " ")) {
				return directive.strip();
			}
		}
		return null;
	}

	/** The victim's chats and messages as the backend shows them to the victim. */
	private String victimSnapshot() {
		return this.backendApi.get("/chats", this.victimToken).body() + "\n"
				+ this.backendApi.get("/chats/" + this.victimChat, this.victimToken).body();
	}

	private static void readTokens(BufferedReader events, int count) throws IOException {
		int seen = 0;
		String line;
		while (seen < count && (line = events.readLine()) != null) {
			if (line.contains("\"type\":\"token\"")) {
				seen++;
			}
		}
		assertThat(seen).as("tokens of the running answer").isEqualTo(count);
	}

	private String password() {
		String password = UUID.randomUUID().toString();
		this.passwords.add(password);
		return password;
	}

	private static String headerSafe(String text) {
		String safe = text.replaceAll("[\\p{Cntrl}\\x{2028}\\x{2029}]", "").replaceAll("[^\\x20-\\x7e]", "?");
		return safe.length() > 4000 ? safe.substring(0, 4000) : safe;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		String printable = text.replaceAll("\\p{Cntrl}", "?");
		return printable.length() <= 120 ? printable : printable.substring(0, 120) + "…(" + text.length() + ")";
	}

}
