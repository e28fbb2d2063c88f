package dev.llmchat.backend.transfer;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files that are wrong, huge or hostile get a clear 4xx problem and store nothing; a partly valid file stores what
 * is valid and says why the rest was not taken.
 */
class HostileImportTests extends BackendTest {

	private static final String CHAT = "{\"format\": \"llmchat-chat\", \"version\": 1, \"chat\": %s}";

	@Test
	void aFileThatIsNotJsonIsA400() {
		String token = this.api.newUser();
		for (String body : List.of("", "this is not json", "{\"format\": \"llmchat-chat\", ", "[1, 2",
				"{\"a\":1} trailing", "[]]")) {
			assertRefused(token, this.api.postRaw("/chats/import", token, "application/json", body), 400);
		}
	}

	@Test
	void invalidUtf8IsA400() {
		String token = this.api.newUser();
		byte[] start = String.format(CHAT, "{\"title\": \"").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[start.length + 4];
		System.arraycopy(start, 0, body, 0, start.length);
		body[start.length] = (byte) 0xC3;
		body[start.length + 1] = (byte) 0x28;
		body[start.length + 2] = '"';
		body[start.length + 3] = '}';
		Response answer = this.api.send(this.api.request("/chats/import")
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		assertRefused(token, answer, 400);
		assertThat(answer.json().path("detail").asString()).contains("not valid JSON in UTF-8", "line 1");
	}

	@Test
	void deepNestingIsA400WithoutAStackOverflow() {
		String token = this.api.newUser();
		for (String body : List.of("[".repeat(100_000), "{\"format\": \"llmchat-chats\", \"version\": 1, \"chats\": ["
				+ "[".repeat(100_000), String.format(CHAT, "{\"title\": \"t\", \"messages\": " + "[".repeat(50_000)))) {
			Response answer = this.api.postRaw("/chats/import", token, "application/json", body);
			assertRefused(token, answer, 400);
			assertThat(answer.json().path("detail").asString()).contains("values nested more than 500 deep");
		}
	}

	@Test
	void millionsOfTinyValuesAreRefusedBeforeTheyFillTheMemory() {
		String token = this.api.newUser();
		Response answer = this.api.postRaw("/chats/import", token, "application/json",
				String.format(CHAT, "{\"title\": \"t\", \"padding\": [" + "[],".repeat(1_600_000) + "[]]}"));
		assertRefused(token, answer, 400);
		assertThat(answer.json().path("detail").asString()).contains("more than 3000000 JSON tokens");
	}

	@Test
	void aFileOfAnotherFormatIsA422ThatSaysWhatIsExpected() {
		String token = this.api.newUser();
		for (String body : List.of("{}", "\"text\"", "42", "null", "{\"format\": \"other\", \"version\": 1, \"chat\": {}}",
				"{\"__proto__\": {\"format\": \"llmchat-chat\", \"version\": 1}, \"constructor\": {\"prototype\": "
						+ "{\"admin\": true}}}", "{\"format\": [\"llmchat-chat\"], \"version\": 1}")) {
			Response answer = this.api.postRaw("/chats/import", token, "application/json", body);
			assertRefused(token, answer, 422);
			assertThat(answer.json().path("detail").asString()).contains("not an llmchat or ChatGPT export",
					"llmchat-chats", "conversations.json");
		}
		for (String body : List.of("{\"format\": \"llmchat-chat\", \"version\": 2, \"chat\": {\"title\": \"x\"}}",
				"{\"format\": \"llmchat-chat\", \"chat\": {\"title\": \"x\"}}",
				"{\"format\": \"llmchat-chats\", \"version\": 99999999999999999999, \"chats\": []}")) {
			Response answer = this.api.postRaw("/chats/import", token, "application/json", body);
			assertRefused(token, answer, 422);
			assertThat(answer.json().path("detail").asString()).contains("this server reads version 1");
		}
		assertRefused(token, this.api.postRaw("/chats/import", token, "application/json",
				"{\"format\": \"llmchat-chats\", \"version\": 1, \"chats\": \"all\"}"), 422);
		assertRefused(token, this.api.postRaw("/chats/import", token, "application/json", "[]"), 422);
	}

	@Test
	void aConversationThatBreaksARuleIsRejectedWithItsReason() {
		String token = this.api.newUser();
		Map<String, String> reasons = Map.ofEntries(
				Map.entry("{\"title\": \"cycle\", \"messages\": [" + message(1, "2", "user") + ", "
						+ message(2, "1", "assistant") + "]}", "form a cycle"),
				Map.entry("{\"title\": \"orphan\", \"messages\": [" + message(1, "7", "user") + "]}",
						"follows message 7, which is not in the conversation"),
				Map.entry("{\"title\": \"twice\", \"messages\": [" + message(1, null, "user") + ", "
						+ message(1, null, "user") + "]}", "used by two messages"),
				Map.entry("{\"title\": \"tool\", \"messages\": [" + message(1, null, "tool") + "]}", "role \"tool\""),
				Map.entry("{\"title\": \"types\", \"messages\": \"many\"}", "wrong type or is not valid text at messages"),
				Map.entry("{\"title\": {\"$ne\": null}}", "wrong type"),
				Map.entry("{\"title\": \"big key\", \"messages\": [{\"key\": 99999999999, \"role\": \"user\"}]}",
						"wrong type or is not valid text at messages[0].key"),
				Map.entry("{\"title\": \"no role\", \"messages\": [{\"key\": 1, \"content\": \"x\"}]}", "role null"),
				Map.entry("{\"title\": \"nul\\u0000\"}", "not valid text"),
				Map.entry("{\"title\": \"\\ud800\"}", "not valid text"),
				Map.entry("{\"title\": \"  \"}", "no title"),
				Map.entry("{\"title\": \"" + "t".repeat(201) + "\"}", "longer than 200"),
				Map.entry("{\"title\": \"hot\", \"temperature\": 2.5}", "temperature"),
				Map.entry("{\"title\": \"top\", \"top_p\": 0}", "top_p"),
				Map.entry("{\"title\": \"nan\", \"top_p\": \"NaN\"}", "top_p"),
				Map.entry("{\"title\": \"source\", \"title_source\": \"admin\"}", "title_source"),
				Map.entry("{\"title\": \"old\", \"created_at\": \"1500-01-01T00:00:00Z\"}", "between 1970 and 9999"),
				Map.entry("{\"title\": \"current\", \"current\": 3, \"messages\": [" + message(1, null, "user") + "]}",
						"current message 3"),
				Map.entry("{\"title\": \"null message\", \"messages\": [null]}", "null instead of an object"),
				Map.entry("{\"title\": \"status\", \"messages\": [{\"key\": 1, \"role\": \"user\", \"content\": \"x\", "
						+ "\"status\": \"done\"}]}", "status \"done\""),
				Map.entry("{\"title\": \"negative\", \"messages\": [{\"key\": 1, \"role\": \"assistant\", \"content\": "
						+ "\"x\", \"ttft_ms\": -5}]}", "negative"));
		for (Map.Entry<String, String> entry : reasons.entrySet()) {
			Response answer = this.api.postRaw("/chats/import", token, "application/json",
					String.format(CHAT, entry.getKey()));
			assertRefused(token, answer, 422);
			assertThat(answer.json().path("rejected").get(0).path("reason").asString()).as(entry.getKey())
				.contains(entry.getValue());
		}
	}

	@Test
	void aHugeMessageIsRejectedAndAHugeNumberOfConversationsRefusesTheFile() {
		String token = this.api.newUser();
		Response huge = this.api.postRaw("/chats/import", token, "application/json", String.format(CHAT,
				"{\"title\": \"huge\", \"messages\": [{\"key\": 1, \"role\": \"user\", \"content\": \""
						+ "x".repeat(10_000_000) + "\"}]}"));
		assertRefused(token, huge, 422);
		assertThat(huge.json().path("rejected").get(0).path("reason").asString())
			.isEqualTo("Message 1 is longer than 32768 bytes.");
		assertThat(huge.json().path("rejected").get(0).path("title").asString()).isEqualTo("huge");

		Response many = this.api.postRaw("/chats/import", token, "application/json",
				"[" + "{\"title\": \"t\", \"mapping\": {}},".repeat(2_000) + "{}]");
		assertRefused(token, many, 422);
		assertThat(many.json().path("detail").asString()).contains("more than 2000 conversations");
	}

	@Test
	void aChatGptConversationWithACycleOrNoMappingIsRejected() {
		String token = this.api.newUser();
		String cycle = """
				[{"title": "loop", "mapping": {
				   "a": {"id": "a", "message": null, "parent": "b", "children": ["c"]},
				   "b": {"id": "b", "message": null, "parent": "a", "children": ["a"]},
				   "c": {"id": "c", "parent": "a", "children": [], "message": {"author": {"role": "user"},
				         "content": {"content_type": "text", "parts": ["round and round"]}}}}},
				 {"title": "flat", "messages": []},
				 {"title": "bad part", "mapping": {"c": {"id": "c", "parent": null, "children": [], "message": {
				   "author": {"role": "user"}, "content": {"content_type": "text", "parts": ["\\u0000"]}}}}},
				 "not a conversation"]""";
		Response answer = this.api.postRaw("/chats/import", token, "application/json", cycle);
		assertRefused(token, answer, 422);
		assertThat(answer.json().path("rejected").valueStream().map(r -> r.path("reason").asString()))
			.satisfiesExactly(reason -> assertThat(reason).contains("form a cycle"),
					reason -> assertThat(reason).contains("no \"mapping\""),
					reason -> assertThat(reason).contains("not valid text"),
					reason -> assertThat(reason).contains("no \"mapping\""));
	}

	@Test
	void aPartlyValidFileImportsTheValidConversationsOnly() {
		String token = this.api.newUser();
		String file = "{\"format\": \"llmchat-chats\", \"version\": 1, \"chats\": [{\"title\": \"good\", \"messages\": ["
				+ message(1, null, "user") + "]}, {\"title\": \"bad\", \"temperature\": -1}, 7]}";
		Response answer = this.api.postRaw("/chats/import", token, "application/json", file);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().path("imported").size()).isEqualTo(1);
		assertThat(answer.json().path("imported").get(0).path("title").asString()).isEqualTo("good");
		assertThat(answer.json().path("rejected").valueStream().map(r -> r.path("index").asInt() + " "
				+ r.path("title").asString("-"))).containsExactly("1 bad", "2 -");
		assertThat(this.api.get("/chats", token).json().size()).isEqualTo(1);
	}

	@Test
	void importNeedsAJsonBodyAndAToken() {
		String token = this.api.newUser();
		assertRefused(token, this.api.postRaw("/chats/import", token, "text/plain", "[]"), 415);
		assertThat(this.api.postRaw("/chats/import", null, "application/json", "[]").status()).isEqualTo(401);
	}

	private static String message(int key, String parent, String role) {
		return "{\"key\": " + key + ", \"parent\": " + parent + ", \"role\": \"" + role + "\", \"content\": \"m" + key
				+ "\", \"status\": \"complete\", \"created_at\": \"2026-01-01T00:00:00Z\"}";
	}

	/** The answer is a problem+json with a sentence, and the user still has no chat and no message. */
	private void assertRefused(String token, Response answer, int status) {
		assertThat(answer.status()).as(answer.body().substring(0, Math.min(300, answer.body().length())))
			.isEqualTo(status);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().path("detail").asString()).isNotBlank();
		assertThat(this.api.get("/chats", token).json().size()).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from messages m join chats c on c.id = m.chat_id "
				+ "join users u on u.id = c.user_id where u.id = (select max(id) from users)", Integer.class)).isZero();
	}

}
