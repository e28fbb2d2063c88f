package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class VllmSimulatorTests {

	private VllmSimulator simulator;

	@AfterEach
	void close() {
		if (this.simulator != null) {
			this.simulator.close();
		}
	}

	@Test
	void listensOnLoopbackWithARandomPortAndGivesTheUrls() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());

		assertThat(this.simulator.port()).isPositive();
		assertThat(this.simulator.rootUrl()).isEqualTo("http://127.0.0.1:" + this.simulator.port());
		assertThat(this.simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + this.simulator.port() + "/v1");
	}

	@Test
	void listsTheServedModelAsAVllmModelCard() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withModelName("test/model").withMaxModelLen(4096));

		HttpResponse<String> response = new SimulatorClient(this.simulator).get("/v1/models");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode card = SimulatorClient.json(response).get("data").get(0);
		assertThat(SimulatorClient.json(response).get("object").asString()).isEqualTo("list");
		assertThat(card.get("id").asString()).isEqualTo("test/model");
		assertThat(card.get("object").asString()).isEqualTo("model");
		assertThat(card.get("owned_by").asString()).isEqualTo("vllm");
		assertThat(card.get("root").asString()).isEqualTo("test/model");
		assertThat(card.get("parent").isNull()).isTrue();
		assertThat(card.get("max_model_len").asInt()).isEqualTo(4096);
		assertThat(card.get("created").asLong()).isPositive();
		JsonNode permission = card.get("permission").get(0);
		assertThat(permission.get("id").asString()).startsWith("modelperm-");
		assertThat(permission.get("object").asString()).isEqualTo("model_permission");
		assertThat(permission.get("group").isNull()).isTrue();
		assertThat(permission.get("organization").asString()).isEqualTo("*");
	}

	@Test
	void answersHealthWithAnEmptyOkAndVersionWithASimulatedVersion() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());
		SimulatorClient client = new SimulatorClient(this.simulator);

		HttpResponse<String> health = client.get("/health");
		HttpResponse<String> version = client.get("/version");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEmpty();
		assertThat(version.statusCode()).isEqualTo(200);
		assertThat(version.body()).isEqualTo("{\"version\":\"0.10.1.1+sim\"}");
	}

	@Test
	void exposesPrometheusMetricsWithVllmNames() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());
		SimulatorClient client = new SimulatorClient(this.simulator);
		client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());

		HttpResponse<String> metrics = client.get("/metrics");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
		assertThat(metrics.body()).contains("vllm:num_requests_running{engine=\"0\",model_name=\"Qwen/Qwen2.5-0.5B-Instruct\"} 0.0")
			.contains("vllm:request_success_total{engine=\"0\",model_name=\"Qwen/Qwen2.5-0.5B-Instruct\",finished_reason=\"stop\"} 1.0")
			.contains("vllm:generation_tokens_total{engine=\"0\",model_name=\"Qwen/Qwen2.5-0.5B-Instruct\"} 24.0");
	}

	@Test
	void answersUnknownPathsWithNotFoundAndWrongMethodsWithMethodNotAllowed() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());
		SimulatorClient client = new SimulatorClient(this.simulator);

		assertThat(client.get("/v1/completions-unknown").statusCode()).isEqualTo(404);
		assertThat(client.get("/v1/chat/completions").statusCode()).isEqualTo(405);
	}

	@Test
	void requiresTheApiKeyOnV1PathsOnly() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withApiKey("secret"));
		SimulatorClient client = new SimulatorClient(this.simulator);
		String chat = SimulatorClient.chat("Hi").toString();

		HttpResponse<String> modelsWithoutKey = client.get("/v1/models");
		HttpResponse<String> chatWithWrongKey = client.post("/v1/chat/completions", chat, "Authorization",
				"Bearer wrong");

		assertThat(modelsWithoutKey.statusCode()).isEqualTo(401);
		assertThat(modelsWithoutKey.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
		assertThat(chatWithWrongKey.statusCode()).isEqualTo(401);
		assertThat(client.get("/v1/models", "Authorization", "Bearer secret").statusCode()).isEqualTo(200);
		assertThat(client.post("/v1/chat/completions", chat, "Authorization", "Bearer secret").statusCode())
			.isEqualTo(200);
		assertThat(client.get("/health").statusCode()).isEqualTo(200);
		assertThat(client.get("/version").statusCode()).isEqualTo(200);
		assertThat(client.post("/tokenize", "{\"prompt\":\"Hi\"}").statusCode()).isEqualTo(200);
	}

	@Test
	void recordsEveryChatRequestWithLowerCaseHeaderNamesUntilCleared() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withApiKey("secret"));
		SimulatorClient client = new SimulatorClient(this.simulator);
		String first = SimulatorClient.chat("First question", "First answer", "Second question").toString();

		HttpResponse<String> answered = client.post("/v1/chat/completions", first, "Authorization", "Bearer secret",
				"X-Trace", "t1");
		client.post("/v1/chat/completions", "{\"messages\":[]}", "Authorization", "Bearer wrong");

		assertThat(this.simulator.receivedRequests()).hasSize(2);
		ReceivedRequest received = this.simulator.receivedRequests().getFirst();
		assertThat(received.body()).isEqualTo(first);
		assertThat(received.headers()).containsEntry("authorization", "Bearer secret")
			.containsEntry("x-trace", "t1")
			.containsEntry("content-type", "application/json");
		assertThat(received.json().get("messages").size()).isEqualTo(3);
		assertThat(received.messages()).containsExactly(new ChatMessage("user", "First question"),
				new ChatMessage("assistant", "First answer"), new ChatMessage("user", "Second question"));
		assertThat(received.lastUserMessage()).isEqualTo("Second question");
		assertThat(received.promptTokens()).isEqualTo(3 * 4 + 2 + 2 + 2 + 3)
			.isEqualTo(SimulatorClient.json(answered).get("usage").get("prompt_tokens").asInt());
		assertThat(this.simulator.receivedRequests().get(1).headers()).containsEntry("authorization", "Bearer wrong");

		this.simulator.clearReceived();

		assertThat(this.simulator.receivedRequests()).isEmpty();
	}

	@Test
	void readsMultiPartContentAsItsTextParts() {
		ReceivedRequest received = new ReceivedRequest(java.util.Map.of(), """
				{"messages":[{"role":"system","content":null},
				 {"role":"user","content":[{"type":"text","text":"Hello"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":" there"}]}]}
				""");

		assertThat(received.messages()).containsExactly(new ChatMessage("system", ""),
				new ChatMessage("user", "Hello there"));
		assertThat(received.lastUserMessage()).isEqualTo("Hello there");
	}

	@Test
	void bindsAFixedPortAndReleasesItOnClose() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());
		int port = this.simulator.port();
		this.simulator.close();

		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withPort(port));

		assertThat(this.simulator.port()).isEqualTo(port);
		assertThat(new SimulatorClient(this.simulator).get("/health").statusCode()).isEqualTo(200);
	}

}
