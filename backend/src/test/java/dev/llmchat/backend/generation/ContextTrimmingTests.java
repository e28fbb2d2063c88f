package dev.llmchat.backend.generation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.ChatMessage;
import dev.llmchat.simulator.ReceivedRequest;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model with a small context (256 tokens, as the server reports it): the oldest messages are left out so that the
 * conversation fits, counted with the server's tokenizer. The server also wants an API key, as vLLM's
 * {@code --api-key} does, which the backend sends from {@code OPENAI_API_KEY}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "llmchat.generation.answer-reserve-tokens=32",
				"llmchat.generation.per-user-per-minute=1000", "llmchat.generation.model-titles=false" })
class ContextTrimmingTests {

	static final VllmSimulator smallModel = VllmSimulator
		.start(SimulatorConfig.defaults().withMaxModelLen(256).withAnswerTokens(8).withApiKey("sk-local-test"));

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		BackendTest.ownDatabaseAndModelServer(registry, smallModel::baseUrl);
		registry.add("llmchat.llm.api-key", () -> "sk-local-test");
	}

	@AfterAll
	static void stopSimulator() {
		smallModel.close();
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void theOldestMessagesAreLeftOutSoTheConversationFitsTheReportedWindow() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of("system_prompt", "Be brief."));
		String filler = " word".repeat(40);
		for (int i = 0; i < 6; i++) {
			assertThat(this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "turn " + i + filler)).status())
				.isEqualTo(200);
		}
		smallModel.clearReceived();
		long tokenizeBefore = smallModel.tokenizeRequests();
		Response last = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "the newest question"));
		assertThat(last.status()).isEqualTo(200);

		ReceivedRequest sent = smallModel.receivedRequests().getLast();
		assertThat(sent.headers()).containsEntry("authorization", "Bearer sk-local-test");
		List<ChatMessage> messages = sent.messages();
		assertThat(messages.getFirst()).isEqualTo(new ChatMessage("system", "Be brief."));
		assertThat(messages.getLast()).isEqualTo(new ChatMessage("user", "the newest question"));
		assertThat(messages.size()).isLessThan(1 + 12 + 1).isGreaterThan(2);
		assertThat(messages.stream().anyMatch(m -> m.content().startsWith("turn 0"))).isFalse();
		List<ChatMessage> kept = messages.subList(1, messages.size() - 1);
		assertThat(kept.getFirst().role()).isIn("user", "assistant");
		assertThat(kept.getLast().role()).isEqualTo("assistant");
		assertThat(smallModel.tokenizeRequests()).isGreaterThan(tokenizeBefore);
		assertThat(last.json().path("message").path("prompt_tokens").asInt()).isLessThanOrEqualTo(256 - 32);
	}

	@Test
	void aShortConversationIsSentWholeWithoutAskingTheTokenizer() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "hi"));
		long tokenizeBefore = smallModel.tokenizeRequests();
		smallModel.clearReceived();
		this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "again"));
		assertThat(smallModel.receivedRequests().getLast().messages()).hasSize(4);
		assertThat(smallModel.tokenizeRequests()).isEqualTo(tokenizeBefore);
	}

	@Test
	void aPromptThatCannotFitEvenAloneIs413AndTheQuestionIsKept() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "many" + " words".repeat(400)));
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json().path("detail").asString()).contains("too long for the model");
		var messages = this.api.get("/chats/" + chat + "/messages", token).json();
		assertThat(messages.get(0).path("status").asString()).isEqualTo("complete");
		assertThat(messages.get(1).path("status").asString()).isEqualTo("error");
	}

}
