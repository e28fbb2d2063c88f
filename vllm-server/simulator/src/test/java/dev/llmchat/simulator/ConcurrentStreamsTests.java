package dev.llmchat.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentStreamsTests {

	private static final int STREAMS = 1000;

	private static final int TOKENS = 20;

	@Test
	void servesAThousandConcurrentPacedStreamsToTheEnd() {
		SimulatorConfig config = SimulatorConfig.defaults()
			.withTimeToFirstToken(Duration.ofMillis(200))
			.withTokensPerSecond(50)
			.withAnswerTokens(TOKENS);
		ConnectionProvider connections = ConnectionProvider.builder("load")
			.maxConnections(STREAMS)
			.pendingAcquireMaxCount(-1)
			.build();
		LoopResources clientLoops = LoopResources.create("load-client", 2, true);
		try (VllmSimulator simulator = VllmSimulator.start(config)) {
			HttpClient client = HttpClient.create(connections)
				.runOn(clientLoops)
				.baseUrl(simulator.rootUrl())
				.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
				.responseTimeout(Duration.ofSeconds(30));
			long start = System.nanoTime();

			List<String> bodies = Flux.range(0, STREAMS)
				.flatMap((i) -> client.post()
					.uri("/v1/chat/completions")
					.send(ByteBufFlux.fromString(Mono.just(SimulatorClient.streamingChat("Stream " + i).toString())))
					.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)), STREAMS)
				.collectList()
				.block(Duration.ofSeconds(30));
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(bodies).hasSize(STREAMS).allSatisfy((body) -> {
				List<String> events = SimulatorClient.events(body);
				assertThat(events).hasSize(1 + TOKENS + 1 + 1);
				assertThat(events.getLast()).isEqualTo("[DONE]");
			});
			assertThat(simulator.completedRequests()).isEqualTo(STREAMS);
			assertThat(simulator.activeStreams()).isZero();
			// 200 ms to the first token and 20 tokens at 50/s take 0.6 s per stream; all run side by side
			assertThat(took).isLessThan(Duration.ofSeconds(15));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(5));
			clientLoops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		}
	}

}
