package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Acting as llama-server started with {@code --ctx-size 64 --api-key k}. */
class LlamaCppPersonalityTests {

	private static VllmSimulator simulator;

	private static SimulatorClient client;

	@BeforeAll
	static void start() {
		simulator = VllmSimulator.start(SimulatorConfig.defaults()
			.withPersonality(Personality.LLAMACPP)
			.withMaxModelLen(64)
			.withApiKey("k"));
		client = new SimulatorClient(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void theModelListNamesTheTrainedContextButNotTheWindow() {
		JsonNode list = SimulatorClient.json(client.get("/v1/models"));

		JsonNode card = list.get("data").get(0);
		assertThat(card.get("owned_by").asString()).isEqualTo("llamacpp");
		assertThat(card.has("max_model_len")).isFalse();
		assertThat(card.get("meta").get("n_ctx_train").asInt()).isEqualTo(32768);
		assertThat(list.get("models").get(0).get("name").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
	}

	@Test
	void propsGivesTheContextEachRequestGets() {
		JsonNode props = SimulatorClient.json(client.get("/props", "Authorization", "Bearer k"));

		assertThat(props.get("default_generation_settings").get("n_ctx").asInt()).isEqualTo(64);
		assertThat(props.get("total_slots").asInt()).isEqualTo(1);
	}

	@Test
	void aPromptAtTheWindowIsRefusedWithLlamaCppsBodyAndItsNumbers() {
		String chat = SimulatorClient.chat("word ".repeat(57).trim()).toString();

		HttpResponse<String> response = client.post("/v1/chat/completions", chat, "Authorization", "Bearer k");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"error\":{\"code\":400,\"message\":\"request (64 tokens) exceeds the "
				+ "available context size (64 tokens), try increasing it\",\"type\":\"exceed_context_size_error\","
				+ "\"n_prompt_tokens\":64,\"n_ctx\":64}}");
		assertThat(simulator.receivedRequests().getLast().promptTokens()).isEqualTo(64);
	}

	@Test
	void aPromptThatFitsIsAnsweredUntilTheWindowIsFullWhateverMaxTokensAsks() {
		String chat = SimulatorClient.chat("word ".repeat(50).trim()).put("max_tokens", 20).put("model", "any").toString();

		JsonNode answer = SimulatorClient.json(client.post("/v1/chat/completions", chat, "Authorization", "Bearer k"));

		assertThat(answer.get("usage").get("prompt_tokens").asInt()).isEqualTo(57);
		assertThat(answer.get("usage").get("completion_tokens").asInt()).isEqualTo(64 - 57);
		assertThat(answer.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
	}

	@Test
	void tokenizeTokenizesContentAndKnowsNoChat() {
		JsonNode content = SimulatorClient
			.json(client.post("/tokenize", "{\"content\":\"Hello world\"}", "Authorization", "Bearer k"));
		JsonNode chat = SimulatorClient
			.json(client.post("/tokenize", SimulatorClient.chat("Hello world").toString(), "Authorization", "Bearer k"));

		assertThat(content.get("tokens").size()).isEqualTo(2);
		assertThat(content.has("count")).isFalse();
		assertThat(chat.get("tokens").size()).isZero();
	}

	@Test
	void theKeyGuardsAllButHealthAndTheModelListsWithLlamaCppsErrorBody() {
		HttpResponse<String> props = client.get("/props");

		assertThat(props.statusCode()).isEqualTo(401);
		assertThat(props.body()).isEqualTo(
				"{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":\"authentication_error\"}}");
		assertThat(client.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
		assertThat(client.get("/v1/models").statusCode()).isEqualTo(200);
	}

}
