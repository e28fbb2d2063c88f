package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class DirectiveTests {

	private static VllmSimulator simulator;

	private static SimulatorClient client;

	@BeforeAll
	static void start() {
		simulator = VllmSimulator.start(SimulatorConfig.defaults());
		client = new SimulatorClient(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void tokensSetsTheAnswerLengthAndIsLeftOutOfTheQuote() {
		JsonNode completion = complete("[[sim:tokens=60]] How long?");

		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(60);
		assertThat(completion.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
		assertThat(content(completion)).startsWith("Simulated answer 1 to \"How long?\".");
	}

	@Test
	void tokensAboveMaxTokensFinishWithLength() {
		JsonNode completion = SimulatorClient.json(client.post("/v1/chat/completions",
				SimulatorClient.chat("[[sim:tokens=60]] How long?").put("max_tokens", 10).toString()));

		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(10);
		assertThat(completion.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
	}

	@Test
	void xssAnswersWithScriptMarkupAndAJavaCodeBlock() {
		String content = content(complete("Render this [[sim:xss]]"));

		assertThat(content).contains("<script>window.__xss=1</script>")
			.contains("<img src=x onerror=\"window.__xss=1\">")
			.contains("\n# ")
			.contains("**bold**")
			.contains("```java\n")
			.endsWith("```");
	}

	@Test
	void markdownAnswersWithAListATableAndACodeBlock() {
		String content = content(complete("[[sim:markdown]] Format this"));

		assertThat(content).contains("\n- first item\n")
			.contains("| name | value |\n|------|-------|")
			.contains("```python\n");
	}

	@Test
	void rejectsABadDirective() {
		HttpResponse<String> badTokens = client.post("/v1/chat/completions",
				SimulatorClient.chat("[[sim:tokens=many]]").toString());
		HttpResponse<String> badFault = client.post("/v1/chat/completions",
				SimulatorClient.chat("[[sim:fault=meteor]]").toString());

		assertThat(badTokens.statusCode()).isEqualTo(400);
		assertThat(badFault.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(badFault).get("error").get("message").asString()).contains("stall-mid-stream");
	}

	@Test
	void onlyTheLastUserMessageCarriesDirectives() {
		JsonNode completion = SimulatorClient.json(client.post("/v1/chat/completions",
				SimulatorClient.chat("[[sim:tokens=3]] first", "ok", "second").toString()));

		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(24);
	}

	private static JsonNode complete(String message) {
		HttpResponse<String> response = client.post("/v1/chat/completions", SimulatorClient.chat(message).toString());
		assertThat(response.statusCode()).isEqualTo(200);
		return SimulatorClient.json(response);
	}

	private static String content(JsonNode completion) {
		return completion.get("choices").get(0).get("message").get("content").asString();
	}

}
