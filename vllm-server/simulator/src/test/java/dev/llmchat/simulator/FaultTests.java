package dev.llmchat.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private VllmSimulator simulator;

	private SimulatorClient client;

	@BeforeEach
	void start() {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withAnswerTokens(8));
		this.client = new SimulatorClient(this.simulator);
	}

	@AfterEach
	void close() {
		this.simulator.close();
	}

	@Test
	void refuseConnectionsUnbindsTheSocketAndNoneBindsTheSamePortAgain() throws IOException {
		int port = this.simulator.port();

		this.simulator.fault(Fault.REFUSE_CONNECTIONS);

		assertThat(this.simulator.fault()).isEqualTo(Fault.REFUSE_CONNECTIONS);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());

		this.simulator.fault(Fault.NONE);

		assertThat(this.simulator.port()).isEqualTo(port);
		assertThat(this.client.get("/health").statusCode()).isEqualTo(200);
	}

	@Test
	void refuseConnectionsClosesOpenConnectionsToo() throws IOException {
		this.simulator.fault(Fault.STALL_MID_STREAM);
		try (RawConnection connection = new RawConnection(this.simulator.port(), "/v1/chat/completions",
				SimulatorClient.streamingChat("Hi").toString())) {
			connection.readUntil(" 1\"", TIMEOUT);

			this.simulator.fault(Fault.REFUSE_CONNECTIONS);

			assertThat(connection.readToEnd(TIMEOUT)).doesNotContain("[DONE]");
		}
	}

	@Test
	void refuseConnectionsAsADirectiveClosesTheConnectionWithoutAnAnswer() {
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> this.client
			.post("/v1/chat/completions", SimulatorClient.chat("[[sim:fault=refuse-connections]] Hi").toString()));
	}

	@Test
	void serverErrorAnswersInternalServerError() {
		this.simulator.fault(Fault.SERVER_ERROR);

		HttpResponse<String> response = this.client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"Simulated internal server error (fault "
				+ "server-error)\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}");
	}

	@Test
	void contextLengthRejectsEvenAShortPrompt() {
		this.simulator.fault(Fault.CONTEXT_LENGTH);

		HttpResponse<String> response = this.client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).get("error").get("message").asString())
			.isEqualTo("This model's maximum context length is 8192 tokens. However, you requested 8200 tokens in the "
					+ "messages, Please reduce the length of the messages. None");
	}

	@Test
	void stallBeforeFirstTokenSendsHeadersThenNothingUntilTheClientLeaves() throws IOException {
		this.simulator.fault(Fault.STALL_BEFORE_FIRST_TOKEN);

		try (RawConnection connection = streamingRequest("Hi")) {
			assertThat(connection.readUntil("\r\n\r\n", TIMEOUT)).startsWith("HTTP/1.1 200 OK")
				.contains("content-type: text/event-stream; charset=utf-8");
			assertThat(connection.staysSilentFor(Duration.ofMillis(500))).isTrue();
			assertThat(this.simulator.activeStreams()).isEqualTo(1);
		}

		await().atMost(TIMEOUT).until(() -> this.simulator.cancelledRequests() == 1);
		assertThat(this.simulator.activeStreams()).isZero();
	}

	@Test
	void stallMidStreamSendsAFewTokensThenNothing() throws IOException {
		this.simulator.fault(Fault.STALL_MID_STREAM);

		try (RawConnection connection = streamingRequest("Hi")) {
			connection.readUntil(" 1\"", TIMEOUT);
			assertThat(connection.staysSilentFor(Duration.ofMillis(500))).isTrue();
			assertThat(count(connection.text(), "data: ")).isEqualTo(4);
			assertThat(connection.text()).doesNotContain("[DONE]");
		}

		await().atMost(TIMEOUT).until(() -> this.simulator.cancelledRequests() == 1);
	}

	@Test
	void stallAfterDoneSendsTheWholeAnswerThenKeepsTheResponseOpen() throws IOException {
		this.simulator.fault(Fault.STALL_AFTER_DONE);

		try (RawConnection connection = streamingRequest("Hi")) {
			connection.readUntil("[DONE]", TIMEOUT);
			assertThat(connection.staysSilentFor(Duration.ofMillis(500))).isTrue();
			assertThat(connection.text()).contains("\"finish_reason\":\"stop\"").doesNotEndWith("0\r\n\r\n");
		}

		assertThat(this.simulator.completedRequests()).isEqualTo(1);
	}

	@Test
	void dropMidStreamClosesTheConnectionAfterAFewTokensWithoutDone() throws IOException {
		this.simulator.fault(Fault.DROP_MID_STREAM);

		try (RawConnection connection = streamingRequest("Hi")) {
			String received = connection.readToEnd(TIMEOUT);

			assertThat(count(received, "data: ")).isEqualTo(4);
			assertThat(received).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"").doesNotEndWith("0\r\n\r\n");
		}
		assertThat(this.simulator.cancelledRequests()).isZero();
		assertThat(this.simulator.completedRequests()).isZero();
	}

	@Test
	void errorFrameMidStreamSendsAnErrorEventThenDone() {
		this.simulator.fault(Fault.ERROR_FRAME_MID_STREAM);

		List<String> events = SimulatorClient.events(this.client
			.post("/v1/chat/completions", SimulatorClient.streamingChat("Hi").toString())
			.body());

		assertThat(events).hasSize(6);
		assertThat(events.get(4)).isEqualTo("{\"error\":{\"message\":\"Simulated error during generation (fault "
				+ "error-frame-mid-stream)\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");
		assertThat(events.getLast()).isEqualTo("[DONE]");
	}

	@Test
	void malformedChunkSendsBrokenJsonThenFinishesTheStream() {
		this.simulator.fault(Fault.MALFORMED_CHUNK);

		List<String> events = SimulatorClient.events(this.client
			.post("/v1/chat/completions", SimulatorClient.streamingChat("Hi").toString())
			.body());

		assertThat(events).hasSize(1 + 3 + 1 + 5 + 1 + 1);
		assertThat(events.get(4)).isEqualTo("{\"id\": broken");
		assertThat(events.get(10)).contains("\"finish_reason\":\"stop\"");
		assertThat(events.getLast()).isEqualTo("[DONE]");
	}

	@Test
	void aDirectiveFaultAppliesToThatRequestOnly() {
		HttpResponse<String> faulty = this.client.post("/v1/chat/completions",
				SimulatorClient.chat("[[sim:fault=server-error]] Hi").toString());
		HttpResponse<String> next = this.client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());

		assertThat(faulty.statusCode()).isEqualTo(500);
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(this.simulator.fault()).isEqualTo(Fault.NONE);
	}

	@Test
	void faultsAlsoBreakNonStreamedAnswers() throws IOException {
		this.simulator.fault(Fault.MALFORMED_CHUNK);
		HttpResponse<String> malformed = this.client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());
		this.simulator.fault(Fault.ERROR_FRAME_MID_STREAM);
		HttpResponse<String> error = this.client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString());
		this.simulator.fault(Fault.DROP_MID_STREAM);
		String dropped;
		try (RawConnection connection = new RawConnection(this.simulator.port(), "/v1/chat/completions",
				SimulatorClient.chat("Hi").toString())) {
			dropped = connection.readToEnd(TIMEOUT);
		}
		this.simulator.fault(Fault.STALL_MID_STREAM);
		boolean silent;
		try (RawConnection connection = new RawConnection(this.simulator.port(), "/v1/chat/completions",
				SimulatorClient.chat("Hi").toString())) {
			silent = connection.staysSilentFor(Duration.ofMillis(300));
		}

		assertThat(malformed.statusCode()).isEqualTo(200);
		assertThat(malformed.body()).isEqualTo("{\"id\": broken");
		assertThat(error.statusCode()).isEqualTo(400);
		assertThat(dropped).isEmpty();
		assertThat(silent).isTrue();
	}

	@Test
	void faultsApplyAfterRequestValidation() {
		this.simulator.fault(Fault.SERVER_ERROR);

		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				SimulatorClient.chat("Hi").put("model", "other").toString());

		assertThat(response.statusCode()).isEqualTo(404);
	}

	private RawConnection streamingRequest(String message) throws IOException {
		return new RawConnection(this.simulator.port(), "/v1/chat/completions",
				SimulatorClient.streamingChat(message).toString());
	}

	private static int count(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
