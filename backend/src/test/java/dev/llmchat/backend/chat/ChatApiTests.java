package dev.llmchat.backend.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ChatApiTests extends BackendTest {

	@Test
	void aNewChatIsTitledNewChatByDefaultAndKeepsItsSettings() {
		String token = this.api.newUser();
		Response plain = this.api.post("/chats", token, Map.of());
		assertThat(plain.status()).isEqualTo(200);
		assertThat(plain.json().path("title").asString()).isEqualTo("New chat");
		assertThat(plain.json().path("message_count").asLong()).isZero();
		assertThat(plain.json().has("system_prompt")).isTrue();

		Response bodiless = this.api.postRaw("/chats", token, null, "");
		assertThat(bodiless.status()).isEqualTo(200);
		assertThat(bodiless.json().path("title").asString()).isEqualTo("New chat");

		Response full = this.api.post("/chats", token,
				Map.of("title", "  Trip plans ", "system_prompt", "Answer in Portuguese.", "model", "Qwen/Qwen2.5-0.5B-Instruct"));
		assertThat(full.json().path("title").asString()).isEqualTo("Trip plans");
		assertThat(full.json().path("system_prompt").asString()).isEqualTo("Answer in Portuguese.");
		assertThat(full.json().path("model").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
	}

	@Test
	void theListShowsOnlyTheUsersChatsMostRecentlyActiveFirstWithCounts() {
		String token = this.api.newUser();
		String someoneElse = this.api.newUser();
		long older = this.api.newChat(token, Map.of("title", "older"));
		long newer = this.api.newChat(token, Map.of("title", "newer"));
		this.api.newChat(someoneElse, Map.of("title", "not mine"));
		this.api.generateStreaming(token, older, "hello");

		Response list = this.api.get("/chats", token);
		assertThat(list.status()).isEqualTo(200);
		assertThat(ids(list.json())).containsExactly(older, newer);
		JsonNode first = list.json().get(0);
		assertThat(first.path("message_count").asLong()).isEqualTo(2);
		assertThat(first.path("title").asString()).isEqualTo("older");
		assertThat(first.has("updated_at")).isTrue();
		assertThat(first.has("created_at")).isTrue();
	}

	@Test
	void titleSearchIsCaseInsensitiveAndTreatsWildcardsLiterally() {
		String token = this.api.newUser();
		long match = this.api.newChat(token, Map.of("title", "Holiday 100% fun"));
		this.api.newChat(token, Map.of("title", "Work"));
		assertThat(ids(this.api.get("/chats?q=HOLIDAY", token).json())).containsExactly(match);
		assertThat(ids(this.api.get("/chats?q=100%25", token).json())).containsExactly(match);
		assertThat(ids(this.api.get("/chats?q=_", token).json())).isEmpty();
		assertThat(ids(this.api.get("/chats?q=%27%20OR%201%3D1%20--", token).json())).isEmpty();
	}

	@Test
	void pagesFollowTheBeforeCursorWithoutGapsOrRepeats() {
		String token = this.api.newUser();
		for (int i = 0; i < 7; i++) {
			this.api.newChat(token, Map.of("title", "chat " + i));
		}
		List<Long> all = ids(this.api.get("/chats?limit=200", token).json());
		List<Long> firstPage = ids(this.api.get("/chats?limit=3", token).json());
		List<Long> secondPage = ids(this.api.get("/chats?limit=3&before=" + firstPage.get(2), token).json());
		List<Long> thirdPage = ids(this.api.get("/chats?limit=3&before=" + secondPage.get(2), token).json());
		assertThat(firstPage).hasSize(3);
		assertThat(secondPage).hasSize(3);
		assertThat(thirdPage).hasSize(1);
		assertThat(concat(firstPage, secondPage, thirdPage)).isEqualTo(all);
	}

	@Test
	void listLimitsOutOfRangeAre422() {
		String token = this.api.newUser();
		assertThat(this.api.get("/chats?limit=0", token).status()).isEqualTo(422);
		assertThat(this.api.get("/chats?limit=201", token).status()).isEqualTo(422);
		assertThat(this.api.get("/chats?limit=abc", token).status()).isEqualTo(400);
		assertThat(this.api.get("/chats?q=" + "x".repeat(300), token).status()).isEqualTo(422);
		// no database here stores a NUL, and PostgreSQL cannot even compare with one
		Response nul = this.api.get("/chats?q=a%00b", token);
		assertThat(nul.status()).isEqualTo(422);
		assertThat(nul.json().path("detail").asString()).contains("NUL");
	}

	@Test
	void openingAChatShowsItsMessagesInOrder() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of("title", "ordered"));
		this.api.generateStreaming(token, chat, "first question");
		this.api.generateStreaming(token, chat, "second question");

		Response opened = this.api.get("/chats/" + chat, token);
		assertThat(opened.status()).isEqualTo(200);
		JsonNode messages = opened.json().path("messages");
		assertThat(messages.size()).isEqualTo(4);
		assertThat(roles(messages)).containsExactly("user", "assistant", "user", "assistant");
		assertThat(messages.get(0).path("content").asString()).isEqualTo("first question");
		assertThat(messages.get(1).path("status").asString()).isEqualTo("complete");
		assertThat(messages.get(1).path("completion_tokens").asInt()).isPositive();
		assertThat(messages.get(1).path("prompt_tokens").asInt()).isPositive();
		assertThat(messages.get(1).has("ttft_ms")).isTrue();
		assertThat(messages.get(1).has("duration_ms")).isTrue();
		assertThat(opened.json().path("message_count").asLong()).isEqualTo(4);

		Response list = this.api.get("/chats/" + chat + "/messages", token);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json()).isEqualTo(messages);
	}

	@Test
	void patchChangesOnlyTheFieldsSentAndNullClears() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of("title", "before", "system_prompt", "Be brief."));
		Response renamed = this.api.patch("/chats/" + chat, token, Map.of("title", "after", "temperature", 0.2));
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.json().path("title").asString()).isEqualTo("after");
		assertThat(renamed.json().path("system_prompt").asString()).isEqualTo("Be brief.");
		assertThat(renamed.json().path("temperature").asDouble()).isEqualTo(0.2);

		Map<String, Object> clear = new HashMap<>();
		clear.put("system_prompt", null);
		clear.put("max_tokens", 256);
		Response cleared = this.api.patch("/chats/" + chat, token, clear);
		assertThat(cleared.json().path("system_prompt").isNull()).isTrue();
		assertThat(cleared.json().path("max_tokens").asInt()).isEqualTo(256);
		assertThat(cleared.json().path("title").asString()).isEqualTo("after");
	}

	@Test
	void patchRejectsAnEmptyTitleAndOutOfRangeSettings() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		Map<String, Object> nullTitle = new HashMap<>();
		nullTitle.put("title", null);
		assertThat(this.api.patch("/chats/" + chat, token, nullTitle).status()).isEqualTo(422);
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("title", "  ")).status()).isEqualTo(422);
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("title", "x".repeat(201))).status()).isEqualTo(422);
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("temperature", 5)).status()).isEqualTo(422);
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("max_tokens", 0)).status()).isEqualTo(422);
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("temperature", "hot")).status()).isEqualTo(400);
		assertThat(this.api.get("/chats/" + chat, token).json().path("title").asString()).isEqualTo("New chat");
	}

	@Test
	void createRejectsOversizedFieldsWithTheFieldNamed() {
		String token = this.api.newUser();
		Response response = this.api.post("/chats", token, Map.of("title", "t".repeat(201)));
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().path("detail").asString()).contains("title");
		assertThat(this.api.post("/chats", token, Map.of("system_prompt", "s".repeat(16_385))).status()).isEqualTo(422);
	}

	@Test
	void deletingAChatDeletesItsMessages() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		this.api.generateStreaming(token, chat, "to be deleted");
		assertThat(this.jdbc.queryForObject("select count(*) from messages where chat_id = ?", Long.class, chat))
			.isEqualTo(2);

		assertThat(this.api.delete("/chats/" + chat, token).status()).isEqualTo(204);
		assertThat(this.api.get("/chats/" + chat, token).status()).isEqualTo(404);
		assertThat(this.jdbc.queryForObject("select count(*) from messages where chat_id = ?", Long.class, chat))
			.isZero();
		assertThat(this.api.delete("/chats/" + chat, token).status()).isEqualTo(404);
	}

	@Test
	void unknownOrNonNumericChatIdsAreClearErrors() {
		String token = this.api.newUser();
		Response missing = this.api.get("/chats/999999999", token);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().path("detail").asString()).contains("was not found");
		Response wrongType = this.api.get("/chats/abc", token);
		assertThat(wrongType.status()).isEqualTo(400);
		assertThat(wrongType.json().path("detail").asString()).contains("id");
		assertThat(this.api.get("/chats/99999999999999999999999", token).status()).isEqualTo(400);
	}

	static List<Long> ids(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false).map(node -> node.path("id").asLong()).toList();
	}

	private static List<String> roles(JsonNode messages) {
		return StreamSupport.stream(messages.spliterator(), false).map(node -> node.path("role").asString()).toList();
	}

	@SafeVarargs
	private static List<Long> concat(List<Long>... lists) {
		return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
	}

}
