package dev.llmchat.backend.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmchat.backend.llm.ModelCatalog;
import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.backend.support.TestClock;
import dev.llmchat.simulator.Personality;
import dev.llmchat.simulator.ReceivedRequest;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long chat against each kind of model server with a small context window: the window is learned from what the
 * server tells, learned again when the server restarts with another, and taken from the server's refusal when the
 * server changed unnoticed. The model server is the simulator acting as vLLM, llama.cpp or Ollama on one fixed port,
 * restarted by each test as it needs; the catalog's clock stands still, so it probes only when a test moves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "llmchat.generation.per-user-per-minute=1000",
				"llmchat.llm.health-timeout=1s", "llmchat.generation.model-titles=false" })
class ContextWindowTests {

	private static final String MODEL = "Qwen/Qwen2.5-0.5B-Instruct";

	/** What the backend keeps free for the answer in a 2048-token window: min(1024, 2048 / 4). */
	private static final int ANSWER_RESERVE = 512;

	private static VllmSimulator simulator = VllmSimulator.start(SimulatorConfig.defaults());

	private static final int SIMULATOR_PORT = simulator.port();

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	ModelCatalog catalog;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		BackendTest.ownDatabaseAndModelServer(registry, () -> "http://127.0.0.1:" + SIMULATOR_PORT + "/v1");
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@ParameterizedTest
	@EnumSource(Personality.class)
	void aChatGrowingPastA2048TokenWindowIsAnsweredToTheLastOkAndEverythingSentFitsTheWindow(Personality kind) {
		restart(server(kind, 2048));
		assertThat(this.catalog.window(MODEL).tokens()).isEqualTo(2048);
		Chat chat = newChat();

		for (int turn = 0; turn < 8; turn++) {
			chat.answer("turn " + turn + " " + words(250));
		}
		chat.answer("ok");

		List<ReceivedRequest> received = simulator.receivedRequests();
		assertThat(received).as("each prompt sent once, fitted before it was sent").hasSize(9);
		assertThat(received).allSatisfy(request -> assertThat(request.promptTokens()).isLessThan(2048));
		ReceivedRequest last = received.getLast();
		assertThat(last.lastUserMessage()).isEqualTo("ok");
		assertThat(last.messages().size()).as("the latest earlier messages are kept").isGreaterThan(2);
		assertThat(last.messages()).noneMatch(message -> message.content().startsWith("turn 0"));
	}

	@ParameterizedTest
	@EnumSource(Personality.class)
	void aServerRestartedWithALargerWindowIsLearnedAtTheNextProbeAndItsWindowUsed(Personality kind) {
		restart(server(kind, 2048));
		int sentAt2048 = longestRequestOfAChatOfSixLongPrompts();

		restart(server(kind, 4096));

		assertThat(this.catalog.window(MODEL).tokens()).isEqualTo(4096);
		int sentAt4096 = longestRequestOfAChatOfSixLongPrompts();
		assertThat(sentAt4096).isGreaterThan(sentAt2048).isLessThan(4096);
	}

	@ParameterizedTest
	@EnumSource(value = Personality.class, names = { "VLLM", "LLAMACPP" })
	void aRefusalCarryingTheServersNumbersIsFittedAgainExactlyAtOnceAndItsWindowKept(Personality kind) {
		restart(server(kind, 16384));
		Chat chat = newChat();
		for (int turn = 0; turn < 30; turn++) {
			chat.answer("turn " + turn + " " + words(150));
		}
		restartUnnoticed(server(kind, 2048));

		chat.answer("one more question");

		List<ReceivedRequest> received = simulator.receivedRequests();
		assertThat(received).hasSize(2);
		assertThat(received.get(0).promptTokens()).as("sent for the window the backend believed; half of it would not "
				+ "fit either").isGreaterThan(2 * 2048);
		assertThat(received.get(1).promptTokens()).as("fitted again to the server's numbers")
			.isBetween(2048 - ANSWER_RESERVE - 200, 2048 - ANSWER_RESERVE);
		assertThat(received.get(1).lastUserMessage()).isEqualTo("one more question");
		assertThat(this.catalog.window(MODEL).tokens()).isEqualTo(2048);

		chat.answer("ok");

		assertThat(simulator.receivedRequests()).hasSize(3);
		assertThat(simulator.receivedRequests().getLast().promptTokens()).isLessThan(2048);
	}

	@Test
	void aPromptThatAloneDoesNotFitTheKnownWindowIs413WithTheNumbersAndIsNeverSent() {
		restart(server(Personality.LLAMACPP, 2048));
		Chat chat = newChat();

		Response response = chat.ask(words(1000));

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).startsWith("The prompt is too long for the model: about ")
			.contains("tokens with the system prompt, and its context of 2048 tokens leaves 1536 for them after 512 "
					+ "for the answer. Shorten it.");
		assertThat(simulator.receivedRequests()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(value = Personality.class, names = { "VLLM", "LLAMACPP" })
	void aPromptThatAloneTheServerRefusesIs413WithTheServersCount(Personality kind) {
		restart(server(kind, 16384));
		restartUnnoticed(server(kind, 2048));
		Chat chat = newChat();

		Response response = chat.ask(words(3000));

		assertThat(response.status()).isEqualTo(413);
		assertThat(simulator.receivedRequests()).hasSize(1);
		assertThat(response.json().path("detail").asString()).isEqualTo("The prompt is too long for the model: the "
				+ "model server counted " + simulator.receivedRequests().getFirst().promptTokens() + " tokens with the "
				+ "system prompt, and its context of 2048 tokens leaves 1536 for them after 512 for the answer. "
				+ "Shorten it.");
	}

	@Test
	void ollamasOwnDefaultIsAssumedUntilTheLoadedModelShowsASmallerServerDefault() {
		restart(server(Personality.OLLAMA, 2048).withNumCtxParameter(false));
		assertThat(this.catalog.window(MODEL).tokens()).as("Ollama 0.12's least default").isEqualTo(4096);

		newChat().answer("hello");
		probeAgain();

		assertThat(this.catalog.window(MODEL).tokens()).isEqualTo(2048);
	}

	private int longestRequestOfAChatOfSixLongPrompts() {
		Chat chat = newChat();
		simulator.clearReceived();
		for (int turn = 0; turn < 6; turn++) {
			chat.answer("turn " + turn + " " + words(250));
		}
		return simulator.receivedRequests().stream().mapToInt(ReceivedRequest::promptTokens).max().orElseThrow();
	}

	/** The model server with a window, told the way its kind tells it (Ollama: a num_ctx model parameter). */
	private static SimulatorConfig server(Personality kind, int window) {
		return SimulatorConfig.defaults()
			.withPersonality(kind)
			.withMaxModelLen(window)
			.withNumCtxParameter(kind == Personality.OLLAMA);
	}

	/** Restarts the model server as {@code config} and lets the catalog probe it. */
	private void restart(SimulatorConfig config) {
		restartUnnoticed(config);
		probeAgain();
	}

	/** Restarts the model server as {@code config} between two probes of the catalog. */
	private static void restartUnnoticed(SimulatorConfig config) {
		simulator.close();
		simulator = VllmSimulator.start(config.withPort(SIMULATOR_PORT));
	}

	/** Moves the clock past the catalog's cache until a probe has answered since. */
	private void probeAgain() {
		this.clock.advance(Duration.ofMinutes(1));
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			ModelCatalog.Snapshot snapshot = this.catalog.snapshot();
			if (snapshot.up() && snapshot.checkedAt().equals(this.clock.instant())) {
				return true;
			}
			this.clock.advance(Duration.ofMinutes(1));
			return false;
		});
	}

	private Chat newChat() {
		String token = this.api.newUser();
		return new Chat(token, this.api.newChat(token, Map.of()));
	}

	private static String words(int count) {
		return "word ".repeat(count).strip();
	}

	private final class Chat {

		private final String token;

		private final long id;

		Chat(String token, long id) {
			this.token = token;
			this.id = id;
		}

		Response ask(String prompt) {
			return ContextWindowTests.this.api.post("/generate", this.token, Map.of("chat_id", this.id, "prompt", prompt));
		}

		void answer(String prompt) {
			Response response = ask(prompt);
			assertThat(response.status()).as("%s…: %s", prompt.substring(0, Math.min(prompt.length(), 12)),
					response.body()).isEqualTo(200);
			assertThat(response.json().path("message").path("status").asString()).isEqualTo("complete");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StillClock {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock(Instant.now());
		}

	}

}
