package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizationTests {

	private static VllmSimulator simulator;

	private static SimulatorClient client;

	@BeforeAll
	static void start() {
		simulator = VllmSimulator.start(SimulatorConfig.defaults().withMaxModelLen(50));
		client = new SimulatorClient(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void tokenizesAPrompt() {
		HttpResponse<String> response = client.post("/tokenize", "{\"prompt\":\"Hello world\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = SimulatorClient.json(response);
		assertThat(json.get("count").asInt()).isEqualTo(2);
		assertThat(json.get("max_model_len").asInt()).isEqualTo(50);
		assertThat(json.get("tokens").size()).isEqualTo(2);
		assertThat(json.get("token_strs").isNull()).isTrue();
	}

	@Test
	void countsChatMessagesExactlyAsTheChatCompletionDoes() {
		ObjectNode chat = SimulatorClient.chat("What is a token?", "A piece of text.", "And a prompt?");

		int tokenizeCount = SimulatorClient.json(client.post("/tokenize", chat.toString())).get("count").asInt();
		int promptTokens = SimulatorClient.json(client.post("/v1/chat/completions", chat.toString()))
			.get("usage")
			.get("prompt_tokens")
			.asInt();

		assertThat(tokenizeCount).isEqualTo(promptTokens).isEqualTo(3 * 4 + 4 + 4 + 3 + 3);
	}

	@Test
	void aPromptTheTokenizerCountsAtTheContextLengthIsRejected() {
		ObjectNode chat = SimulatorClient.chat("word ".repeat(43).trim());

		int count = SimulatorClient.json(client.post("/tokenize", chat.toString())).get("count").asInt();
		HttpResponse<String> completion = client.post("/v1/chat/completions", chat.toString());

		assertThat(count).isEqualTo(50);
		assertThat(completion.statusCode()).isEqualTo(400);
		assertThat(completion.body()).contains("you requested 50 tokens in the messages");
	}

	@Test
	void returnsTheTokenStringsOfTheChatTemplateWhenAsked() {
		ObjectNode request = SimulatorClient.chat("Hello world").put("return_token_strs", true);

		JsonNode json = SimulatorClient.json(client.post("/tokenize", request.toString()));

		assertThat(json.get("token_strs").toString()).isEqualTo(
				"[\"<|im_start|>\",\"user\\n\",\"Hello\",\" world\",\"<|im_end|>\",\"\\n\",\"<|im_start|>\",\"assistant\",\"\\n\"]");
		assertThat(json.get("tokens").get(0).asInt()).isEqualTo(151644);
		assertThat(json.get("tokens").get(4).asInt()).isEqualTo(151645);
	}

	@Test
	void detokenizeGivesTheTextBack() {
		JsonNode tokens = SimulatorClient.json(client.post("/tokenize", "{\"prompt\":\"Round trip  of\\ttext \"}"))
			.get("tokens");

		HttpResponse<String> response = client.post("/detokenize", "{\"tokens\":" + tokens + "}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response).get("prompt").asString()).isEqualTo("Round trip  of\ttext ");
	}

	@Test
	void rejectsUnknownTokenIdsAndModels() {
		assertThat(client.post("/detokenize", "{\"tokens\":[99999999]}").statusCode()).isEqualTo(400);
		assertThat(client.post("/tokenize", "{\"model\":\"other\",\"prompt\":\"x\"}").statusCode()).isEqualTo(404);
		assertThat(client.post("/tokenize", "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void countsTokenizeRequests() {
		long before = simulator.tokenizeRequests();

		client.post("/tokenize", "{\"prompt\":\"x\"}");
		client.post("/tokenize", "{\"prompt\":\"y\"}");

		assertThat(simulator.tokenizeRequests()).isEqualTo(before + 2);
	}

	@Test
	void answersNotFoundWhenTokenizeIsDisabledLikeOllama() {
		try (VllmSimulator ollamaLike = VllmSimulator.start(SimulatorConfig.defaults().withTokenizeEnabled(false))) {
			SimulatorClient ollamaClient = new SimulatorClient(ollamaLike);

			assertThat(ollamaClient.post("/tokenize", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(404);
			assertThat(ollamaClient.post("/detokenize", "{\"tokens\":[1]}").statusCode()).isEqualTo(404);
			assertThat(ollamaLike.tokenizeRequests()).isEqualTo(1);
		}
	}

}
