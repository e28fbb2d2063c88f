package dev.llmchat.backend.generation;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many answers at once: all complete and stored, and open streams hold no platform thread each. */
class ConcurrentStreamsTests extends BackendTest {

	private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpClient http = HttpClient.newBuilder().executor(this.virtualThreads).build();

	@AfterEach
	void closeClient() {
		this.http.close();
		this.virtualThreads.shutdownNow();
	}

	@Test
	void twoHundredSimultaneousStreamsAllCompleteAndEveryAnswerIsStored() throws Exception {
		List<Target> targets = targets(20, 10);
		List<CompletableFuture<List<String>>> streams = targets.stream()
			.map(target -> stream(target, "all together now [[sim:tokens=120]]"))
			.toList();
		CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

		int errors = 0;
		for (int i = 0; i < targets.size(); i++) {
			List<String> lines = streams.get(i).get();
			assertThat(lines).as("stream %d", i).anyMatch(line -> line.startsWith("data:"));
			List<JsonNode> events = lines.stream().filter(line -> line.startsWith("data:"))
				.map(line -> ApiClient.json().readTree(line.substring(5)))
				.toList();
			JsonNode last = events.getLast();
			if (!last.path("type").asString().equals("done")) {
				errors++;
				continue;
			}
			StringBuilder text = new StringBuilder();
			events.stream().filter(e -> e.path("type").asString().equals("token")).forEach(e -> text.append(e.path("chunk").asString()));
			String stored = this.jdbc.queryForObject("select content from messages where id = ? and status = 'complete'",
					String.class, last.path("message_id").asLong());
			assertThat(stored).isEqualTo(text.toString());
		}
		assertThat(errors).isZero();
		Long chatIds = this.jdbc.queryForObject("select count(*) from messages where role = 'assistant' and status = 'complete' "
				+ "and chat_id in (" + String.join(",", targets.stream().map(t -> Long.toString(t.chat())).toList()) + ")",
				Long.class);
		assertThat(chatIds).isEqualTo(200);
	}

	@Test
	void openStreamsHoldNoPlatformThreadEach() throws Exception {
		List<Target> targets = targets(10, 10);
		stream(targets.getFirst(), "warm up").get(30, TimeUnit.SECONDS);
		var threads = ManagementFactory.getThreadMXBean();
		int before = threads.getThreadCount();
		long completedBefore = simulator.completedRequests();

		List<CompletableFuture<List<String>>> streams = targets.stream()
			.map(target -> stream(target, "a long one [[sim:tokens=40000]]"))
			.toList();
		await().atMost(Duration.ofSeconds(30)).until(() -> simulator.activeStreams() >= 100);
		int during = threads.getThreadCount();

		for (Target target : targets) {
			this.api.post("/chats/" + target.chat() + "/generation/stop", target.token(), null);
		}
		CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		assertThat(during - before).as("platform threads added while 100 streams were open").isLessThan(30);
		assertThat(simulator.completedRequests()).isEqualTo(completedBefore);
	}

	private CompletableFuture<List<String>> stream(Target target, String prompt) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/generate"))
			.header("Authorization", "Bearer " + target.token())
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(120))
			.POST(HttpRequest.BodyPublishers.ofString(ApiClient.json()
				.writeValueAsString(Map.of("chat_id", target.chat(), "prompt", prompt, "stream", true))))
			.build();
		// read each stream on a virtual thread of the test, so the test's own client adds no platform thread
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApplyAsync(response -> {
			try (Stream<String> lines = response.body()) {
				List<String> all = new ArrayList<>(lines.toList());
				all.addFirst("status: " + response.statusCode());
				return all;
			}
		}, this.virtualThreads);
	}

	private List<Target> targets(int users, int chatsEach) {
		List<Target> targets = new ArrayList<>();
		for (int u = 0; u < users; u++) {
			String token = this.api.newUser();
			for (int c = 0; c < chatsEach; c++) {
				targets.add(new Target(token, this.api.newChat(token, Map.of("title", "load " + c))));
			}
		}
		return targets;
	}

	record Target(String token, long chat) {
	}

}
