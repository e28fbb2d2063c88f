package dev.llmchat.backend.reliability;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * A sweep of every route of the API with hostile values: nulls, wrong types, huge and overflowing numbers, huge
 * strings, control characters, lone surrogates, right-to-left and astral unicode, SQL, HTML and template payloads,
 * prototype-pollution and operator objects, another user's ids, in every body field, query parameter, path id and
 * the headers the API reads. No answer may be a 5xx, every error is problem+json with a sentence and no internals,
 * and another user's account, chats and messages are byte-for-byte the same afterwards.
 */
class HostileInputTests extends BackendTest {

	/** Hostile JSON values, as raw JSON text (a few are deliberately not valid JSON). */
	private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "2147483648",
			"9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
			"1e308", "1e999999", "-0.0", "0.5", "NaN", "Infinity", "\"\"", "\" \"", "\"\\u0000\"",
			"\"\\u0001\\u001f\\u007f\\t\\r\\n\"", "\"\\ud800\"", "\"\\udfff\\ud800\"",
			json("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202Egnp.exe 你好 🎉 e\u0301 \uFEFF"), json("' OR '1'='1' --"),
			json("1; DROP TABLE chats; --"), json("%"), json("_%\\"), json("<script>alert(1)</script>"),
			json("<img src=x onerror=alert(1)>"), json("{{7*7}}${7*7}#{7*7}"), json("${jndi:ldap://127.0.0.1/x}"),
			json("../../../../etc/passwd"), json("x".repeat(100_000)), json("1"), json("-1"), json("true"),
			json("null"), "[]", "[1,2]", "{}", "{\"$ne\":null}", "{\"__proto__\":{\"admin\":true}}");

	/** Hostile path segments, already URL-encoded where they need it. */
	private static final List<String> PATH_IDS = List.of("0", "-1", "-0", "+1", "9223372036854775807",
			"9223372036854775808", "-9223372036854775809", "9".repeat(1000), "1e3", "0x10", "1.0", "abc", "null",
			"undefined", "%00", "%20", "%0A", "..%2F..%2Fauth%2Fme", "%27%20OR%201%3D1--", "%3Cscript%3E",
			"%EF%BC%91%EF%BC%92", "%F0%9F%8E%89", "%5B%5D", "%7B%7D");

	private String attacker;

	private long attackerChat;

	/** The chat the PATCH sweep changes, so that its hostile settings do not reach the generation sweep. */
	private long patchedChat;

	private String victim;

	private String victimEmail;

	private long victimChat;

	private long attackerQuestion;

	private long attackerAnswer;

	@TestFactory
	Stream<DynamicTest> noHostileValueAnywhereGivesA5xxOrTouchesAnotherUsersData() {
		this.api = new ApiClient(this.port);
		this.victimEmail = "victim-" + UUID.randomUUID() + "@example.com";
		this.api.post("/auth/register", null, Map.of("email", this.victimEmail, "password", "victims-password"));
		this.victim = this.api.login(this.victimEmail, "victims-password");
		this.victimChat = this.api.newChat(this.victim, Map.of("title", "victim's", "system_prompt", "victim's prompt"));
		this.api.post("/generate", this.victim, Map.of("chat_id", this.victimChat, "prompt", "victim's question"));
		this.api.newChat(this.victim, Map.of("title", "victim's second"));
		this.attacker = this.api.newUser();
		this.attackerChat = this.api.newChat(this.attacker, Map.of("title", "attacker's"));
		this.patchedChat = this.api.newChat(this.attacker, Map.of("title", "patched"));
		this.api.post("/generate", this.attacker, Map.of("chat_id", this.attackerChat, "prompt", "attacker's question"));
		JsonNode attackerMessages = this.api.get("/chats/" + this.attackerChat + "/messages", this.attacker).json();
		this.attackerQuestion = attackerMessages.get(0).path("id").asLong();
		this.attackerAnswer = attackerMessages.get(1).path("id").asLong();
		JsonNode victimMessages = this.api.get("/chats/" + this.victimChat + "/messages", this.victim).json();
		String before = victimSnapshot();

		List<DynamicTest> tests = new ArrayList<>();
		List<String> withVictimIds = new ArrayList<>(VALUES);
		withVictimIds.addAll(List.of(Long.toString(this.victimChat), json(Long.toString(this.victimChat)),
				json(this.victimEmail), json(this.victimEmail.toUpperCase()), json(" " + this.victimEmail + "\u0000")));
		victimMessages.forEach(message -> withVictimIds.add(message.path("id").asString()));

		tests.add(bodyField("POST /auth/register", "email", withVictimIds,
				value -> post("/auth/register", null, body("email", value, "password", json("password1"))), false));
		tests.add(bodyField("POST /auth/register", "password", withVictimIds,
				value -> post("/auth/register", null, body("email", json(uniqueEmail()), "password", value)), false));
		tests.add(bodyField("POST /auth/register", "full_name", withVictimIds, value -> post("/auth/register", null,
				body("email", json(uniqueEmail()), "password", json("password1"), "full_name", value)), false));
		tests.add(bodyField("POST /auth/login", "email", withVictimIds,
				value -> post("/auth/login", null, body("email", value, "password", json("password1"))), false));
		tests.add(bodyField("POST /auth/login", "password", withVictimIds,
				value -> post("/auth/login", null, body("email", json(uniqueEmail()), "password", value)), false));
		for (String field : List.of("title", "system_prompt", "model")) {
			tests.add(bodyField("POST /chats", field, withVictimIds,
					value -> post("/chats", this.attacker, body(field, value)), false));
		}
		for (String field : List.of("title", "system_prompt", "model", "temperature", "top_p", "max_tokens")) {
			tests.add(bodyField("PATCH /chats/{id}", field, withVictimIds,
					value -> this.api.patch("/chats/" + this.patchedChat, this.attacker, body(field, value)), false));
		}
		String chat = Long.toString(this.attackerChat);
		tests.add(bodyField("POST /generate", "chat_id", withVictimIds,
				value -> post("/generate", this.attacker, body("chat_id", value, "prompt", json("hi"))), false));
		tests.add(bodyField("POST /generate", "prompt", withVictimIds,
				value -> post("/generate", this.attacker, body("chat_id", chat, "prompt", value)), false));
		// the model server refuses a model it does not serve; the API passes that on as 502 (see API.md)
		tests.add(bodyField("POST /generate", "model", withVictimIds,
				value -> post("/generate", this.attacker, body("chat_id", chat, "prompt", json("hi"), "model", value)),
				true));
		tests.add(bodyField("POST /generate", "stream", withVictimIds,
				value -> post("/generate", this.attacker, body("chat_id", chat, "prompt", json("hi"), "stream", value)),
				false));
		tests.add(bodyField("POST /generate", "options", withVictimIds,
				value -> post("/generate", this.attacker, body("chat_id", chat, "prompt", json("hi"), "options", value)),
				false));
		for (String option : List.of("temperature", "top_p", "max_tokens")) {
			tests.add(bodyField("POST /generate", "options." + option, withVictimIds,
					value -> post("/generate", this.attacker,
							body("chat_id", chat, "prompt", json("hi"), "options", body(option, value))),
					false));
		}
		String edit = "/chats/" + chat + "/messages/" + this.attackerQuestion + "/edit";
		String regenerate = "/chats/" + chat + "/messages/" + this.attackerAnswer + "/regenerate";
		tests.add(bodyField("POST /chats/{id}/messages/{messageId}/edit", "content", withVictimIds,
				value -> post(edit, this.attacker, body("content", value)), false));
		for (String field : List.of("model", "stream", "options")) {
			tests.add(bodyField("POST /chats/{id}/messages/{messageId}/edit", field, withVictimIds,
					value -> post(edit, this.attacker, body("content", json("edited"), field, value)), field.equals("model")));
			tests.add(bodyField("POST /chats/{id}/messages/{messageId}/regenerate", field, withVictimIds,
					value -> post(regenerate, this.attacker, body(field, value)), field.equals("model")));
		}
		for (String option : List.of("temperature", "top_p", "max_tokens")) {
			tests.add(bodyField("POST /chats/{id}/messages/{messageId}/edit", "options." + option, withVictimIds,
					value -> post(edit, this.attacker, body("content", json("edited"), "options", body(option, value))),
					false));
			tests.add(bodyField("POST /chats/{id}/messages/{messageId}/regenerate", "options." + option, withVictimIds,
					value -> post(regenerate, this.attacker, body("options", body(option, value))), false));
		}
		tests.add(bodyField("PUT /chats/{id}/branch", "message_id", withVictimIds,
				value -> put("/chats/" + chat + "/branch", this.attacker, body("message_id", value)), false));
		for (String body : List.of("", "null", "[]", "\"text\"", "{", "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{\"title\":\"x\",\"title\":\"y\"}")) {
			tests.add(dynamicTest("whole body " + abbreviate(body) + " on every JSON route", () -> assertAll(Arrays.asList(
					check("POST /auth/register", post("/auth/register", null, body), false),
					check("POST /auth/login", post("/auth/login", null, body), false),
					check("POST /chats", post("/chats", this.attacker, body), false),
					check("PATCH /chats/{id}", this.api.patch("/chats/" + this.patchedChat, this.attacker, body), false),
					check("POST /generate", post("/generate", this.attacker, body), false),
					check("POST /chats/{id}/messages/{messageId}/edit", post(edit, this.attacker, body), false),
					check("POST /chats/{id}/messages/{messageId}/regenerate", post(regenerate, this.attacker, body), false),
					check("PUT /chats/{id}/branch", put("/chats/" + chat + "/branch", this.attacker, body), false)))));
		}

		List<String> ids = new ArrayList<>(PATH_IDS);
		ids.addAll(List.of(Long.toString(this.victimChat), "0" + this.victimChat, "+" + this.victimChat,
				this.victimChat + "%20", this.victimChat + ".0"));
		tests.add(pathIds("GET /chats/{id}", ids, id -> this.api.get("/chats/" + id, this.attacker)));
		tests.add(pathIds("GET /chats/{id}/messages", ids, id -> this.api.get("/chats/" + id + "/messages", this.attacker)));
		tests.add(pathIds("PATCH /chats/{id}", ids,
				id -> this.api.patch("/chats/" + id, this.attacker, Map.of("title", "taken over"))));
		tests.add(pathIds("DELETE /chats/{id}", ids, id -> this.api.delete("/chats/" + id, this.attacker)));
		tests.add(pathIds("GET /chats/{id}/generation", ids,
				id -> this.api.get("/chats/" + id + "/generation", this.attacker)));
		tests.add(pathIds("POST /chats/{id}/generation/stop", ids,
				id -> this.api.post("/chats/" + id + "/generation/stop", this.attacker, null)));
		tests.add(pathIds("POST /chats/{id}/messages/{messageId}/edit", ids, id -> this.api
			.post("/chats/" + id + "/messages/" + this.attackerQuestion + "/edit", this.attacker, Map.of("content", "x"))));
		tests.add(pathIds("POST /chats/{id}/messages/{messageId}/regenerate", ids,
				id -> this.api.post("/chats/" + id + "/messages/" + this.attackerAnswer + "/regenerate", this.attacker, null)));
		tests.add(pathIds("PUT /chats/{id}/branch", ids, id -> this.api.put("/chats/" + id + "/branch", this.attacker,
				Map.of("message_id", this.attackerAnswer))));
		List<String> messageIds = new ArrayList<>(ids);
		victimMessages.forEach(message -> messageIds.add(message.path("id").asString()));
		tests.add(pathIds("POST /chats/{id}/messages/{messageId}/edit (messageId)", messageIds,
				id -> this.api.post("/chats/" + chat + "/messages/" + id + "/edit", this.attacker, Map.of("content", "x"))));
		tests.add(pathIds("POST /chats/{id}/messages/{messageId}/regenerate (messageId)", messageIds,
				id -> this.api.post("/chats/" + chat + "/messages/" + id + "/regenerate", this.attacker, null)));

		List<String> queryValues = VALUES.stream()
			.map(value -> value.startsWith("\"") && value.length() < 1000 ? value.substring(1, value.length() - 1) : value)
			.map(value -> URLEncoder.encode(value, StandardCharsets.UTF_8))
			.collect(Collectors.toCollection(ArrayList::new));
		queryValues.addAll(List.of(Long.toString(this.victimChat), "%25", "%00", "%0A", "%C0%AF", "1&limit=2&limit=3"));
		for (String parameter : List.of("q", "limit", "before")) {
			tests.add(dynamicTest("GET /chats?" + parameter + "=<hostile>", () -> assertAll(queryValues.stream()
				.map(value -> check("GET /chats?" + parameter + "=" + abbreviate(value),
						this.api.get("/chats?" + parameter + "=" + value, this.attacker), false))
				.toList())));
		}
		tests.add(dynamicTest("hostile query strings on the open routes", () -> assertAll(
				Stream.of("/health", "/models", "/v3/api-docs", "/auth/me", "/chats/" + chat + "/messages")
					.flatMap(path -> queryValues.stream()
						.limit(12)
						.map(value -> check("GET " + path + "?x=" + abbreviate(value),
								this.api.get(path + "?x=" + value + "&" + value + "=1", this.attacker), false)))
					.toList())));
		tests.add(dynamicTest("hostile Authorization headers", this::hostileAuthorizationHeaders));
		tests.add(dynamicTest("hostile Content-Type, Accept and Last-Event-ID headers and methods", this::hostileHeaders));
		tests.add(dynamicTest("the attacker's own chat still works", () -> {
			Response answer = this.api.post("/generate", this.attacker, Map.of("chat_id", this.attackerChat, "prompt", "still fine?"));
			assertThat(answer.status()).isEqualTo(200);
		}));
		tests.add(dynamicTest("the victim's account, chats and messages are unchanged", () -> {
			assertThat(victimSnapshot()).isEqualTo(before);
			assertThat(this.api.login(this.victimEmail, "victims-password")).isNotBlank();
		}));
		return tests.stream();
	}

	private void hostileAuthorizationHeaders() {
		List<String> headers = List.of("", "Bearer", "Bearer ", "bearer " + this.attacker, "Bearer  " + this.attacker,
				"Bearer " + "a".repeat(6000), "Bearer null", "Bearer undefined", "Basic dXNlcjpwYXNz", "Bearer \u0000",
				"Bearer " + this.attacker + "," + this.victim, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
				"Bearer ..", "Bearer a.b.c", "Bearer " + this.attacker.replace('.', ' '));
		List<String> failures = new ArrayList<>();
		for (String header : headers) {
			boolean refusedMe = false;
			for (String path : List.of("/auth/me", "/chats", "/chats/" + this.victimChat)) {
				Response response;
				try {
					response = this.api.send(this.api.request(path).header("Authorization", header).GET());
				}
				catch (IllegalArgumentException ex) {
					continue; // the JDK's client will not send this header value at all
				}
				String failure = check("GET " + path + " with Authorization " + abbreviate(header), response, false);
				if (failure != null) {
					failures.add(failure);
				}
				if (path.contains(Long.toString(this.victimChat)) && response.status() == 200) {
					failures.add("the victim's chat was shown with Authorization " + abbreviate(header));
				}
				refusedMe |= path.equals("/auth/me") && response.status() == 401;
			}
			if (refusedMe) {
				Response deletion = this.api.send(this.api.request("/auth/me").header("Authorization", header).DELETE());
				if (deletion.status() != 401) {
					failures.add("DELETE /auth/me with Authorization " + abbreviate(header) + " answered " + deletion.status());
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private void hostileHeaders() {
		String chat = Long.toString(this.attackerChat);
		List<String> failures = new ArrayList<>();
		for (String contentType : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
				"application/x-www-form-urlencoded", "application/json; charset=UTF-16", "application/json; charset=nope",
				"*/*", "application/json\u0000", "")) {
			for (String path : List.of("/auth/login", "/chats", "/generate")) {
				HttpRequest.Builder request = this.api.request(path)
					.header("Authorization", "Bearer " + this.attacker)
					.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\",\"chat_id\":" + chat + ",\"prompt\":\"x\"}"));
				if (!contentType.isEmpty() && !contentType.contains("\u0000")) {
					request.header("Content-Type", contentType);
				}
				add(failures, check("POST " + path + " as " + contentType, this.api.send(request), false));
			}
		}
		for (String accept : List.of("application/xml", "text/html", "image/png", "text/event-stream", "*/*;q=x")) {
			for (String path : List.of("/chats", "/chats/" + chat, "/chats/999999999", "/health")) {
				Response response = this.api.send(this.api.request(path).header("Authorization", "Bearer " + this.attacker)
					.header("Accept", accept).GET());
				// an answer in a type the client refuses may come without a body
				if (response.status() >= 500) {
					failures.add("GET " + path + " accepting " + accept + " answered " + response.status());
				}
			}
		}
		for (String lastEventId : List.of("-1", "abc", "9".repeat(100), "1e3", " ", "0x10", "\u00e9")) {
			Response response = this.api.send(this.api.request("/chats/" + chat + "/generation")
				.header("Authorization", "Bearer " + this.attacker).header("Last-Event-ID", lastEventId).GET());
			add(failures, check("attach with Last-Event-ID " + lastEventId, response, false));
		}
		for (String method : List.of("PUT", "TRACE", "PROPFIND", "CONNECT", "HEAD")) {
			for (String path : List.of("/chats", "/chats/" + chat, "/generate", "/auth/login")) {
				try {
					Response response = this.api.send(this.api.request(path).header("Authorization", "Bearer " + this.attacker)
						.method(method, HttpRequest.BodyPublishers.noBody()));
					add(failures, check(method + " " + path, response, false));
				}
				catch (IllegalArgumentException ex) {
					// the JDK's client will not send this method at all
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private DynamicTest bodyField(String route, String field, List<String> values, Function<String, Response> call,
			boolean modelServerMayRefuse) {
		return dynamicTest(route + " with a hostile " + field,
				() -> assertAll(values.stream()
					.map(value -> check(route + " " + field + "=" + abbreviate(value), call.apply(value),
							modelServerMayRefuse))
					.toList()));
	}

	private DynamicTest pathIds(String route, List<String> ids, Function<String, Response> call) {
		return dynamicTest(route + " with a hostile id", () -> assertAll(ids.stream().map(id -> {
			Response response = call.apply(id);
			String failure = check(route.replace("{id}", abbreviate(id)), response, false);
			// lenient number forms (0x10, fullwidth digits) may name one of the attacker's own chats; never the victim's
			if (failure == null && response.body().contains("victim's")) {
				failure = route.replace("{id}", abbreviate(id)) + " showed the victim's chat: " + abbreviate(response.body());
			}
			return failure;
		}).toList()));
	}

	/** Null when the answer is acceptable, else what is wrong with it. */
	private static String check(String label, Response response, boolean modelServerMayRefuse) {
		int status = response.status();
		String body = response.body();
		if (status >= 500 && !(modelServerMayRefuse && status == 502 && body.contains("The model server answered 404"))) {
			return label + " answered " + status + ": " + abbreviate(body);
		}
		for (String internal : List.of("Exception", "\tat ", "org.springframework", "java.lang", "SQLITE", "sqlite",
				"hibernate", "jakarta.")) {
			if (body.contains(internal)) {
				return label + " showed internals (" + internal + "): " + abbreviate(body);
			}
		}
		// HEAD answers carry no body, and a 406 cannot be written in any type the client accepts
		if (status >= 400 && status != 406 && !label.startsWith("HEAD")) {
			String type = response.header("Content-Type");
			if (type == null || !type.startsWith("application/problem+json")
					|| response.json().path("detail").asString().isBlank()) {
				return label + " answered " + status + " without a problem+json sentence: " + type + " " + abbreviate(body);
			}
		}
		return null;
	}

	private static void assertAll(List<String> failures) {
		assertThat(failures.stream().filter(failure -> failure != null).toList()).isEmpty();
	}

	private static void add(List<String> failures, String failure) {
		if (failure != null) {
			failures.add(failure);
		}
	}

	/** Everything of the victim the API or the database holds, as one comparable text. */
	private String victimSnapshot() {
		Long userId = this.jdbc.queryForObject("select id from users where email = ?", Long.class, this.victimEmail);
		List<Map<String, Object>> user = this.jdbc.queryForList("select * from users where id = ?", userId);
		List<Map<String, Object>> chats = this.jdbc.queryForList("select * from chats where user_id = ? order by id", userId);
		List<Map<String, Object>> messages = this.jdbc.queryForList(
				"select m.* from messages m join chats c on c.id = m.chat_id where c.user_id = ? order by m.id", userId);
		return user + "\n" + chats + "\n" + messages + "\n" + this.api.get("/chats", this.victim).body() + "\n"
				+ this.api.get("/chats/" + this.victimChat, this.victim).body();
	}

	private Response post(String path, String token, String rawJson) {
		return this.api.postRaw(path, token, "application/json", rawJson);
	}

	private Response put(String path, String token, String rawJson) {
		return this.api.send(this.api.request(path)
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(rawJson)));
	}

	/** A JSON object of raw JSON values: {@code body("a", "1", "b", "\"x\"")}. */
	private static String body(String... namesAndRawValues) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndRawValues.length; i += 2) {
			fields.put(namesAndRawValues[i], namesAndRawValues[i + 1]);
		}
		return fields.entrySet()
			.stream()
			.map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static String json(String text) {
		return ApiClient.json().writeValueAsString(text);
	}

	private static String uniqueEmail() {
		return "hostile-" + UUID.randomUUID() + "@example.com";
	}

	private static String abbreviate(String text) {
		String printable = text.replaceAll("\\p{Cntrl}", "?");
		return printable.length() <= 60 ? printable : printable.substring(0, 60) + "…(" + text.length() + ")";
	}

}
