package dev.llmchat.backend.chat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat's top_p beside its other settings, and the defaults an answer uses when neither request nor chat sets one. */
class ChatSettingsTests extends BackendTest {

	@Test
	void topPIsAboveZeroAndAtMostOneAndAWrongOneChangesNothing() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("top_p", 0.9)).json().path("top_p").asDouble())
			.isEqualTo(0.9);

		for (Object wrong : new Object[] { 0, -0.1, 1.01, 2 }) {
			Response refused = this.api.patch("/chats/" + chat, token, Map.of("top_p", wrong, "title", "not taken"));
			assertThat(refused.status()).as("top_p " + wrong).isEqualTo(422);
			assertThat(refused.json().path("detail").asString()).contains("top_p");
		}
		assertThat(this.api.patch("/chats/" + chat, token, Map.of("top_p", "most")).status()).isEqualTo(400);
		JsonNode kept = this.api.get("/chats/" + chat, token).json();
		assertThat(kept.path("top_p").asDouble()).isEqualTo(0.9);
		assertThat(kept.path("title").asString()).isEqualTo("New chat");

		assertThat(this.api.patch("/chats/" + chat, token, Map.of("top_p", 1)).json().path("top_p").asDouble())
			.isEqualTo(1.0);
		Map<String, Object> clear = new HashMap<>();
		clear.put("top_p", null);
		assertThat(this.api.patch("/chats/" + chat, token, clear).json().path("top_p").isNull()).isTrue();
	}

	@Test
	void theChatsTopPIsSentUnlessTheRequestSetsItsOwn() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, Map.of("chat_id", chat, "prompt", "no top_p yet"));
		assertThat(sent().has("top_p")).isFalse();

		this.api.patch("/chats/" + chat, token, Map.of("top_p", 0.4, "temperature", 0.3));
		ask(token, Map.of("chat_id", chat, "prompt", "the chat's"));
		assertThat(sent().path("top_p").asDouble()).isEqualTo(0.4);
		assertThat(sent().path("temperature").asDouble()).isEqualTo(0.3);

		ask(token, Map.of("chat_id", chat, "prompt", "the request's", "options", Map.of("top_p", 0.8)));
		assertThat(sent().path("top_p").asDouble()).isEqualTo(0.8);
		assertThat(sent().path("temperature").asDouble()).isEqualTo(0.3);
	}

	@Test
	void theDefaultsNameTheModelTheSystemPromptAndTheWindowAndLeaveSamplingToTheServer() {
		String token = this.api.newUser();

		Response defaults = this.api.get("/generation/defaults", token);

		assertThat(defaults.status()).isEqualTo(200);
		JsonNode body = defaults.json();
		assertThat(body.path("model").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
		assertThat(body.path("system_prompt").asString()).isEqualTo("You are a helpful assistant.");
		assertThat(body.path("context_window").asInt()).isEqualTo(8192);
		for (String serverDefault : new String[] { "temperature", "top_p", "max_tokens" }) {
			assertThat(body.has(serverDefault)).isTrue();
			assertThat(body.path(serverDefault).isNull()).as(serverDefault).isTrue();
		}
		assertThat(this.api.get("/generation/defaults", null).status()).isEqualTo(401);
	}

	private void ask(String token, Map<String, Object> request) {
		Response answer = this.api.post("/generate", token, request);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	private static JsonNode sent() {
		return simulator.receivedRequests().getLast().json();
	}

}
