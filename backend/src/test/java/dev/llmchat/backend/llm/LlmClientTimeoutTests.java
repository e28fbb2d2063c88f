package dev.llmchat.backend.llm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import dev.llmchat.simulator.Fault;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Nothing waits on the model server past its configured timeout: a server that accepts the connection and never
 * answers, one that sends headers and then nothing, and one that stops in the middle all fail at their timeout
 * (1 s here), and the request is abandoned so the server can free its slot. A slow but steady stream is not cut.
 */
class LlmClientTimeoutTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	/** What a loaded 2-core machine may add to a timer; a hang would take much longer. */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final VllmSimulator simulator = VllmSimulator
		.start(SimulatorConfig.defaults().withTokensPerSecond(5).withAnswerTokens(8));

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	@AfterEach
	void clearFaultAndConnections() throws IOException {
		simulator.fault(Fault.NONE);
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@Test
	void aServerThatAcceptsButNeverAnswersFailsAtTheFirstTokenTimeout() throws Exception {
		try (ServerSocket blackHole = blackHole()) {
			LlmClient client = client("http://127.0.0.1:" + blackHole.getLocalPort() + "/v1");
			long start = System.nanoTime();
			LlmException failure = catchThrowableOfType(LlmException.class,
					() -> client.stream(request("hello")).collectList().block(Duration.ofSeconds(30)));
			assertTook(start, TIMEOUT);
			assertThat(failure.kind()).isEqualTo(LlmException.Kind.FIRST_TOKEN_TIMEOUT);
			assertThat(failure.httpStatus()).isEqualTo(504);

			start = System.nanoTime();
			catchThrowableOfType(LlmException.class,
					() -> client.models(Duration.ofMillis(500)).block(Duration.ofSeconds(30)));
			assertTook(start, Duration.ofMillis(500));

			start = System.nanoTime();
			Optional<Integer> count = client.countTokens("m", List.of(LlmMessage.user("hi")), Duration.ofMillis(500))
				.block(Duration.ofSeconds(30));
			assertTook(start, Duration.ofMillis(500));
			assertThat(count).isEmpty();
		}
	}

	@Test
	void headersWithoutAFirstTokenFailAtTheFirstTokenTimeoutAndTheRequestIsCancelled() {
		LlmClient client = client(simulator.baseUrl());
		long cancelledBefore = simulator.cancelledRequests();
		simulator.fault(Fault.STALL_BEFORE_FIRST_TOKEN);
		long start = System.nanoTime();
		LlmException failure = catchThrowableOfType(LlmException.class,
				() -> client.stream(request("hello")).collectList().block(Duration.ofSeconds(30)));
		assertTook(start, TIMEOUT);
		assertThat(failure.kind()).isEqualTo(LlmException.Kind.FIRST_TOKEN_TIMEOUT);
		assertThat(failure.getMessage()).contains("within 1 s");
		await().atMost(Duration.ofSeconds(5)).until(() -> simulator.cancelledRequests() > cancelledBefore);
	}

	@Test
	void aStreamThatGoesSilentFailsAtTheIdleTimeoutAfterItsLastTokenAndIsCancelled() {
		LlmClient client = client(simulator.baseUrl());
		long cancelledBefore = simulator.cancelledRequests();
		simulator.fault(Fault.STALL_MID_STREAM);
		List<LlmChunk> received = new ArrayList<>();
		long[] lastChunkAt = new long[1];
		LlmException failure = catchThrowableOfType(LlmException.class, () -> client.stream(request("hello"))
			.doOnNext(chunk -> {
				received.add(chunk);
				lastChunkAt[0] = System.nanoTime();
			})
			.collectList()
			.block(Duration.ofSeconds(30)));
		assertTook(lastChunkAt[0], TIMEOUT);
		assertThat(received).hasSize(3);
		assertThat(failure.kind()).isEqualTo(LlmException.Kind.IDLE_TIMEOUT);
		await().atMost(Duration.ofSeconds(5)).until(() -> simulator.cancelledRequests() > cancelledBefore);
	}

	@Test
	void aSlowButSteadyStreamIsNotCutByTheTimeouts() {
		// 8 tokens at 5 per second: about 1.6 s in all, longer than either timeout, with no gap as long as one
		LlmClient client = client(simulator.baseUrl());
		List<LlmChunk> chunks = client.stream(request("slowly")).collectList().block(Duration.ofSeconds(30));
		assertThat(chunks).filteredOn(LlmChunk.Token.class::isInstance).hasSize(8);
	}

	private static void assertTook(long startNanos, Duration timeout) {
		Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
		assertThat(took).isGreaterThanOrEqualTo(timeout.minusMillis(50)).isLessThan(timeout.plus(SLACK));
	}

	private ServerSocket blackHole() throws IOException {
		ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!socket.isClosed()) {
				try {
					this.accepted.add(socket.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		return socket;
	}

	private static LlmClient client(String baseUrl) {
		LlmProperties properties = new LlmProperties(baseUrl, null, "Qwen/Qwen2.5-0.5B-Instruct", TIMEOUT, TIMEOUT,
				TIMEOUT, 8192, TIMEOUT, TIMEOUT, 16);
		return new LlmClient(WebClient.builder(), properties, JsonMapper.builder().build());
	}

	private static LlmRequest request(String prompt) {
		return new LlmRequest("Qwen/Qwen2.5-0.5B-Instruct", List.of(LlmMessage.user(prompt)), null, null, null);
	}

}
