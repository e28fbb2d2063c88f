package dev.llmchat.simulator;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamingTests {

	private VllmSimulator simulator;

	@AfterEach
	void close() {
		if (this.simulator != null) {
			this.simulator.close();
		}
	}

	@Test
	void streamsARoleChunkThenOneTokenPerChunkThenTheFinishChunkThenDone() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withAnswerTokens(5));

		HttpResponse<String> response = new SimulatorClient(this.simulator).post("/v1/chat/completions",
				SimulatorClient.streamingChat("Hello world").toString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
		List<String> events = SimulatorClient.events(response.body());
		assertThat(events).hasSize(1 + 5 + 1 + 1);
		JsonNode role = SimulatorClient.JSON.readTree(events.getFirst());
		String id = role.get("id").asString();
		long created = role.get("created").asLong();
		assertThat(id).matches("chatcmpl-[0-9a-f]{32}");
		assertThat(events.getFirst()).isEqualTo("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
				+ created + ",\"model\":\"Qwen/Qwen2.5-0.5B-Instruct\",\"choices\":[{\"index\":0,\"delta\":"
				+ "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
		assertThat(events.get(2)).isEqualTo("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
				+ created + ",\"model\":\"Qwen/Qwen2.5-0.5B-Instruct\",\"choices\":[{\"index\":0,\"delta\":"
				+ "{\"content\":\" answer\"},\"logprobs\":null,\"finish_reason\":null}]}");
		assertThat(events.get(6)).isEqualTo("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
				+ created + ",\"model\":\"Qwen/Qwen2.5-0.5B-Instruct\",\"choices\":[{\"index\":0,\"delta\":"
				+ "{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}]}");
		assertThat(events.getLast()).isEqualTo("[DONE]");
		assertThat(events.subList(0, 7)).allSatisfy((event) -> {
			JsonNode chunk = SimulatorClient.JSON.readTree(event);
			assertThat(chunk.get("id").asString()).isEqualTo(id);
			assertThat(chunk.get("created").asLong()).isEqualTo(created);
		});
		assertThat(response.body()).endsWith("data: [DONE]\n\n");
	}

	@Test
	void streamsTheSameTextAsTheNonStreamedAnswer() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());
		SimulatorClient client = new SimulatorClient(this.simulator);

		String streamed = streamedText(client.post("/v1/chat/completions",
				SimulatorClient.chat("Question", "Answer", "Follow-up \"quoted\" \\ ünïcode").put("stream", true).toString()));
		String whole = SimulatorClient.json(client.post("/v1/chat/completions",
				SimulatorClient.chat("Question", "Answer", "Follow-up \"quoted\" \\ ünïcode").toString()))
			.get("choices")
			.get(0)
			.get("message")
			.get("content")
			.asString();

		assertThat(streamed).isEqualTo(whole).contains("\"Follow-up \"quoted\" \\ ünïcode\"");
	}

	@Test
	void writesEveryEventAsADataLineWithASpaceAfterTheColonAndABlankLineAsVllmDoes() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withAnswerTokens(3));

		String body = new SimulatorClient(this.simulator).post("/v1/chat/completions",
				SimulatorClient.streamingChat("Frame it")
					.set("stream_options", SimulatorClient.JSON.createObjectNode().put("include_usage", true))
					.toString())
			.body();

		// role, three tokens, finish and usage, then [DONE]: nothing else, not even a comment or an id
		assertThat(body).matches("(data: \\{[^\\n\\r]*\\}\\n\\n){6}data: \\[DONE\\]\\n\\n");
	}

	@Test
	void putsTheLastTokenInTheFinishChunkWhenCutByLength() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults());

		List<String> events = SimulatorClient.events(new SimulatorClient(this.simulator)
			.post("/v1/chat/completions", SimulatorClient.streamingChat("Hi").put("max_tokens", 3).toString())
			.body());

		assertThat(events).hasSize(1 + 2 + 1 + 1);
		JsonNode finish = SimulatorClient.JSON.readTree(events.get(3)).get("choices").get(0);
		assertThat(finish.get("delta").get("content").asString()).isEqualTo(" 1");
		assertThat(finish.get("finish_reason").asString()).isEqualTo("length");
		assertThat(finish.get("stop_reason").isNull()).isTrue();
	}

	@Test
	void sendsTheUsageChunkOnlyWhenAskedFor() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withAnswerTokens(4));
		SimulatorClient client = new SimulatorClient(this.simulator);

		List<String> withoutOptions = events(client, SimulatorClient.streamingChat("Hello world"));
		List<String> includeUsageFalse = events(client, SimulatorClient.streamingChat("Hello world")
			.set("stream_options", SimulatorClient.JSON.createObjectNode().put("include_usage", false)));
		List<String> includeUsageTrue = events(client, SimulatorClient.streamingChat("Hello world")
			.set("stream_options", SimulatorClient.JSON.createObjectNode().put("include_usage", true)));
		List<String> emptyOptions = events(client, SimulatorClient.streamingChat("Hello world")
			.set("stream_options", SimulatorClient.JSON.createObjectNode()));

		assertThat(withoutOptions).hasSize(7).noneMatch((event) -> event.contains("usage"));
		assertThat(includeUsageFalse).hasSize(7).noneMatch((event) -> event.contains("usage"));
		for (List<String> events : List.of(includeUsageTrue, emptyOptions)) {
			assertThat(events).hasSize(8);
			assertThat(events.getLast()).isEqualTo("[DONE]");
			JsonNode usage = SimulatorClient.JSON.readTree(events.get(6));
			assertThat(usage.get("choices").isEmpty()).isTrue();
			assertThat(usage.get("object").asString()).isEqualTo("chat.completion.chunk");
			assertThat(usage.get("usage").toString())
				.isEqualTo("{\"prompt_tokens\":9,\"total_tokens\":13,\"completion_tokens\":4}");
		}
	}

	@Test
	void sendsTheHeadersAtOnceAndTheFirstTokenAfterTheTimeToFirstToken() throws Exception {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults()
			.withTimeToFirstToken(Duration.ofMillis(400))
			.withTokensPerSecond(20)
			.withAnswerTokens(4));
		long start = System.nanoTime();

		HttpResponse<InputStream> response = new SimulatorClient(this.simulator)
			.openStream(SimulatorClient.streamingChat("Hi").toString());
		long headers = elapsedMillis(start);
		try (BufferedReader reader = reader(response)) {
			reader.readLine();
			long firstChunk = elapsedMillis(start);
			while (!"data: [DONE]".equals(reader.readLine())) {
				// read to the end
			}
			long done = elapsedMillis(start);

			// lower bounds only where a loaded machine can add delay: the server never sends early
			assertThat(headers).isLessThan(400);
			assertThat(firstChunk).isGreaterThanOrEqualTo(380);
			assertThat(done).isGreaterThanOrEqualTo(400 + 4 * 50 - 20);
		}
	}

	@Test
	void countsAStreamTheClientClosesAsCancelledAndStopsIt() throws Exception {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(50).withAnswerTokens(1000));

		HttpResponse<InputStream> response = new SimulatorClient(this.simulator)
			.openStream(SimulatorClient.streamingChat("Hi").toString());
		try (BufferedReader reader = reader(response)) {
			assertThat(reader.readLine()).contains("\"role\":\"assistant\"");
			reader.readLine();
			reader.readLine();
			assertThat(this.simulator.activeStreams()).isEqualTo(1);
		}

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.simulator.cancelledRequests()).isEqualTo(1);
			assertThat(this.simulator.activeStreams()).isZero();
		});
		assertThat(this.simulator.completedRequests()).isZero();
	}

	@Test
	void countsANonStreamedRequestTheClientAbandonsAsCancelled() throws Exception {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withTimeToFirstToken(Duration.ofSeconds(30)));
		byte[] body = SimulatorClient.chat("Hi").toString().getBytes(StandardCharsets.UTF_8);

		try (Socket socket = new Socket("127.0.0.1", this.simulator.port())) {
			socket.getOutputStream()
				.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + body.length + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(body);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.simulator.receivedRequests().size() == 1);
		}

		await().atMost(Duration.ofSeconds(5)).until(() -> this.simulator.cancelledRequests() == 1);
		assertThat(this.simulator.completedRequests()).isZero();
	}

	private static List<String> events(SimulatorClient client, JsonNode request) {
		return SimulatorClient.events(client.post("/v1/chat/completions", request.toString()).body());
	}

	private static String streamedText(HttpResponse<String> response) {
		StringBuilder text = new StringBuilder();
		for (String event : SimulatorClient.events(response.body())) {
			if (!event.equals("[DONE]")) {
				JsonNode choices = SimulatorClient.JSON.readTree(event).get("choices");
				if (!choices.isEmpty()) {
					text.append(choices.get(0).get("delta").path("content").asString(""));
				}
			}
		}
		return text.toString();
	}

	private static BufferedReader reader(HttpResponse<InputStream> response) {
		return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	private static long elapsedMillis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
