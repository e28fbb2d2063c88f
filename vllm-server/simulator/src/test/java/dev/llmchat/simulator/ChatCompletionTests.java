package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionTests {

	private static VllmSimulator simulator;

	private static SimulatorClient client;

	@BeforeAll
	static void start() {
		simulator = VllmSimulator.start(SimulatorConfig.defaults().withMaxModelLen(100));
		client = new SimulatorClient(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void answersWithTheFullChatCompletionObject() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("Hello world").put("model", "Qwen/Qwen2.5-0.5B-Instruct").toString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode completion = SimulatorClient.json(response);
		assertThat(completion.get("id").asString()).matches("chatcmpl-[0-9a-f]{32}");
		assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
		assertThat(completion.get("model").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
		JsonNode choice = completion.get("choices").get(0);
		assertThat(choice.get("index").asInt()).isZero();
		assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
		assertThat(choice.get("message").get("content").asString())
			.startsWith("Simulated answer 1 to \"Hello world\". I can see 0 earlier messages. lorem ipsum");
		assertThat(choice.get("message").get("tool_calls").isArray()).isTrue();
		assertThat(choice.get("message").get("reasoning_content").isNull()).isTrue();
		assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
		assertThat(choice.get("stop_reason").isNull()).isTrue();
		assertThat(choice.get("logprobs").isNull()).isTrue();
		assertThat(completion.get("usage").get("prompt_tokens").asInt()).isEqualTo(4 + 2 + 3);
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(24);
		assertThat(completion.get("usage").get("total_tokens").asInt()).isEqualTo(33);
		assertThat(completion.get("usage").get("prompt_tokens_details").isNull()).isTrue();
		assertThat(completion.has("kv_transfer_params")).isTrue();
		assertThat(completion.has("system_fingerprint")).isTrue();
	}

	@Test
	void usesTheRequestIdHeaderForTheCompletionId() {
		HttpResponse<String> response = client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString(),
				"X-Request-Id", "abc123");

		assertThat(SimulatorClient.json(response).get("id").asString()).isEqualTo("chatcmpl-abc123");
	}

	@Test
	void quotesTheLastUserMessageAndCountsEarlierNonSystemMessages() {
		JsonNode request = SimulatorClient.chat("First", "Answer one", "Second", "Answer two",
				"A third question that is quite a bit longer than sixty characters, to be cut")
			.put("max_tokens", 40);
		((tools.jackson.databind.node.ArrayNode) request.get("messages")).insertObject(0)
			.put("role", "system")
			.put("content", "Be brief.");

		String content = content(client.post("/v1/chat/completions", request.toString()));

		assertThat(content).startsWith("Simulated answer 3 to "
				+ "\"A third question that is quite a bit longer than sixty chara\". I can see 4 earlier messages.");
	}

	@Test
	void givesTheSameAnswerToTheSameRequest() {
		String request = SimulatorClient.chat("Tell me", "Sure", "Again please").toString();

		String first = content(client.post("/v1/chat/completions", request));
		String second = content(client.post("/v1/chat/completions", request));

		assertThat(first).isEqualTo(second).contains("I can see 2 earlier messages.");
	}

	@Test
	void stopsAtMaxTokensWithFinishReasonLength() {
		JsonNode completion = SimulatorClient.json(client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("max_tokens", 3).toString()));

		assertThat(completion.get("choices").get(0).get("message").get("content").asString())
			.isEqualTo("Simulated answer 1");
		assertThat(completion.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
	}

	@Test
	void prefersMaxCompletionTokensOverMaxTokens() {
		JsonNode completion = SimulatorClient.json(client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("max_tokens", 20).put("max_completion_tokens", 2).toString()));

		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
	}

	@Test
	void stopsAtTheEndOfTheContextWithFinishReasonLength() {
		JsonNode completion = SimulatorClient.json(client.post("/v1/chat/completions",
				SimulatorClient.chat("[[sim:tokens=500]] Hi").toString()));

		assertThat(completion.get("usage").get("prompt_tokens").asInt()).isEqualTo(9);
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(91);
		assertThat(completion.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
	}

	@Test
	void rejectsAPromptThatFillsTheContext() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("word ".repeat(93).trim()).toString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("message").asString())
			.isEqualTo("This model's maximum context length is 100 tokens. However, you requested 100 tokens in the "
					+ "messages, Please reduce the length of the messages. None");
		assertThat(SimulatorClient.json(response).get("error").get("type").asString()).isEqualTo("BadRequestError");
		assertThat(SimulatorClient.json(response).get("error").get("code").asInt()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("param").isNull()).isTrue();
	}

	@Test
	void acceptsAPromptOneTokenShortOfTheContext() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("word ".repeat(92).trim()).toString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response).get("usage").get("completion_tokens").asInt()).isEqualTo(1);
	}

	@Test
	void rejectsMaxTokensThatDoNotFitBesideThePrompt() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("max_tokens", 93).toString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("message").asString())
			.isEqualTo("This model's maximum context length is 100 tokens. However, you requested 101 tokens (8 in "
					+ "the messages, 93 in the completion). Please reduce the length of the messages or completion. None");
		assertThat(client.post("/v1/chat/completions", SimulatorClient.chat("Hi").put("max_tokens", 92).toString())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void rejectsMaxTokensBelowOne() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("max_tokens", 0).toString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("message").asString())
			.isEqualTo("max_tokens must be at least 1, got 0.");
	}

	@Test
	void rejectsAnUnknownModelWithNotFound() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("model", "gpt-4").toString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"The model `gpt-4` does not exist.\","
				+ "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}}");
	}

	@Test
	void rejectsABodyThatIsNotJson() {
		HttpResponse<String> wrongType = client.postAs("/v1/chat/completions", "text/plain",
				SimulatorClient.chat("Hi").toString());
		HttpResponse<String> brokenJson = client.post("/v1/chat/completions", "{\"messages\":");

		assertThat(wrongType.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(wrongType).get("error").get("message").asString())
			.contains("Only 'application/json' is allowed");
		assertThat(brokenJson.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(brokenJson).get("error").get("type").asString()).isEqualTo("BadRequestError");
	}

	@Test
	void rejectsARequestWithoutMessages() {
		HttpResponse<String> response = client.post("/v1/chat/completions", "{\"model\":\"x\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("message").asString()).contains("messages")
			.contains("Field required");
	}

	@Test
	void rejectsStreamOptionsWithoutStreaming() {
		HttpResponse<String> response = client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("stream", false).set("stream_options", SimulatorClient.JSON
					.createObjectNode()
					.put("include_usage", true))
					.toString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("message").asString())
			.contains("Stream options can only be defined when `stream=True`.");
	}

	@Test
	void countsCompletedRequests() {
		long before = simulator.completedRequests();

		client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());

		assertThat(simulator.completedRequests()).isEqualTo(before + 1);
	}

	private static String content(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return SimulatorClient.json(response).get("choices").get(0).get("message").get("content").asString();
	}

}
