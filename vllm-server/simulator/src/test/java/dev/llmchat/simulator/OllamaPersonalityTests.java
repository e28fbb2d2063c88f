package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Acting as Ollama serving {@code qwen2.5:0.5b} with a small window. */
class OllamaPersonalityTests {

	private static final SimulatorConfig OLLAMA = SimulatorConfig.defaults()
		.withPersonality(Personality.OLLAMA)
		.withModelName("qwen2.5:0.5b")
		.withMaxModelLen(64);

	private VllmSimulator simulator;

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void itSaysItIsOllamaAtTheRootAndGivesItsVersion() {
		SimulatorClient client = start(OLLAMA);

		HttpResponse<String> root = client.get("/");

		assertThat(root.body()).isEqualTo("Ollama is running");
		assertThat(root.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
		assertThat(SimulatorClient.json(client.get("/api/version")).get("version").asString())
			.isEqualTo(OllamaEndpoints.VERSION);
		assertThat(client.get("/health").body()).isEqualTo("404 page not found");
		assertThat(client.post("/tokenize", "{\"prompt\":\"Hi\"}").statusCode()).isEqualTo(404);
	}

	@Test
	void theModelListNamesNoWindowAndTheModelsModificationTime() {
		SimulatorClient client = start(OLLAMA);

		JsonNode card = SimulatorClient.json(client.get("/v1/models")).get("data").get(0);

		assertThat(card.get("id").asString()).isEqualTo("qwen2.5:0.5b");
		assertThat(card.get("owned_by").asString()).isEqualTo("library");
		assertThat(card.has("max_model_len")).isFalse();
		assertThat(card.get("created").asLong())
			.isEqualTo(SimulatorClient.json(client.get("/v1/models")).get("data").get(0).get("created").asLong());
	}

	@Test
	void eachStartIsAModelCreatedAnewInALaterSecond() {
		long first = SimulatorClient.json(start(OLLAMA).get("/v1/models")).get("data").get(0).get("created").asLong();
		this.simulator.close();
		long second = SimulatorClient.json(start(OLLAMA).get("/v1/models")).get("data").get(0).get("created").asLong();

		assertThat(second).isGreaterThan(first);
	}

	@Test
	void showGivesTheTrainedContextAndNumCtxOnlyWhenItIsAModelParameter() {
		SimulatorClient hidden = start(OLLAMA);
		JsonNode withoutNumCtx = SimulatorClient.json(hidden.post("/api/show", "{\"model\":\"qwen2.5:0.5b\"}"));
		HttpResponse<String> unknown = hidden.post("/api/show", "{\"model\":\"llama3\"}");
		this.simulator.close();
		JsonNode withNumCtx = SimulatorClient
			.json(start(OLLAMA.withNumCtxParameter(true)).post("/api/show", "{\"name\":\"qwen2.5:0.5b\"}"));

		assertThat(withoutNumCtx.get("model_info").get("general.architecture").asString()).isEqualTo("qwen2");
		assertThat(withoutNumCtx.get("model_info").get("qwen2.context_length").asInt()).isEqualTo(32768);
		assertThat(withoutNumCtx.get("parameters").asString()).doesNotContain("num_ctx").contains("stop");
		assertThat(withNumCtx.get("parameters").asString()).containsPattern("(?m)^num_ctx {24}64$");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).isEqualTo("{\"error\":\"model 'llama3' not found\"}");
	}

	@Test
	void psListsTheModelWithItsContextOnceAPromptHasLoadedIt() {
		SimulatorClient client = start(OLLAMA);
		JsonNode before = SimulatorClient.json(client.get("/api/ps"));

		client.post("/v1/chat/completions", SimulatorClient.chat("Hello").toString());

		assertThat(before.get("models").size()).isZero();
		JsonNode loaded = SimulatorClient.json(client.get("/api/ps")).get("models").get(0);
		assertThat(loaded.get("name").asString()).isEqualTo("qwen2.5:0.5b");
		assertThat(loaded.get("context_length").asInt()).isEqualTo(64);
	}

	@Test
	void aConversationLongerThanTheWindowIsCutSilentlyFromItsOldestMessagesButTheSystemOne() {
		SimulatorClient client = start(OLLAMA);
		ObjectNode chat = SimulatorClient.chat("one " + "word ".repeat(20), "two " + "word ".repeat(20),
				"three " + "word ".repeat(20), "four " + "word ".repeat(20), "five");
		chat.withArray("messages").insertObject(0).put("role", "system").put("content", "Be brief.");

		HttpResponse<String> response = client.post("/v1/chat/completions", chat.toString());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = SimulatorClient.json(response);
		assertThat(this.simulator.receivedRequests().getLast().promptTokens()).isGreaterThan(64);
		// kept: the system message, "four …" and "five": 4 + 2 + 4 + 22 + 4 + 1 + 3
		assertThat(answer.get("usage").get("prompt_tokens").asInt()).isEqualTo(40);
		assertThat(answer.get("choices").get(0).get("message").get("content").asString())
			.startsWith("Simulated answer 1 to \"five\". I can see 1 earlier message.");
	}

	@Test
	void theContextLengthFaultLeavesTheModelOnlyTheLastMessage() {
		SimulatorClient client = start(OLLAMA);
		String chat = SimulatorClient.chat("first", "an answer", "second [[sim:fault=context-length]]").toString();

		JsonNode answer = SimulatorClient.json(client.post("/v1/chat/completions", chat));

		assertThat(answer.get("choices").get(0).get("message").get("content").asString())
			.contains("I can see 0 earlier messages.");
	}

	private SimulatorClient start(SimulatorConfig config) {
		this.simulator = VllmSimulator.start(config);
		return new SimulatorClient(this.simulator);
	}

}
