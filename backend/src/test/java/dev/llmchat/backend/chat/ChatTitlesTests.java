package dev.llmchat.backend.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.ChatMessage;
import dev.llmchat.simulator.Fault;
import dev.llmchat.simulator.ReceivedRequest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a chat's title comes from: "New chat", then the first words of its first question, then, after the first
 * answer and in the background, a title the model writes; never over a title the person gave.
 */
class ChatTitlesTests extends BackendTest {

	private static final String QUESTION = "How do I keep sourdough starter alive while I am away on a two week "
			+ "holiday? [[sim:tokens=300]]";

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void modelTitles(DynamicPropertyRegistry registry) {
		registry.add("llmchat.generation.model-titles", () -> "true");
	}

	@Test
	void theFirstQuestionNamesTheChatWhileItIsAnsweredThenTheModelsTitleReplacesIt() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		assertThat(chat(token, chat).path("title_source").asString()).isEqualTo("default");

		try (EventStream answer = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", QUESTION, "stream", true), null)) {
			answer.readUntil("token");
			JsonNode named = chat(token, chat);
			assertThat(named.path("title").asString()).isEqualTo("How do I keep sourdough starter alive while I am away on a…");
			assertThat(named.path("title_source").asString()).isEqualTo("question");
			assertThat(answer.readAll()).last().satisfies(done -> assertThat(done.type()).isEqualTo("done"));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> chat(token, chat).path("title_source").asString().equals("model"));
		String title = chat(token, chat).path("title").asString();
		// the simulator quotes the start of the last user message: the request for a title, with the question in it
		assertThat(title).startsWith("Simulated answer 1 to Write the title of this conversation")
			.doesNotContain("\"", "\n")
			.hasSizeLessThanOrEqualTo(60);
		ReceivedRequest asked = titleRequests().getLast();
		assertThat(asked.json().path("stream").asBoolean()).isFalse();
		assertThat(asked.json().path("max_tokens").asInt()).isLessThanOrEqualTo(32);
		List<ChatMessage> messages = asked.messages();
		assertThat(messages.get(0).role()).isEqualTo("system");
		assertThat(messages.get(0).content()).contains("language the user wrote in", "no quotes");
		assertThat(messages.get(1).content()).contains(QUESTION, "Simulated answer 1");

		this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "a second question"));
		assertThat(chat(token, chat).path("title").asString()).isEqualTo(title);
	}

	@Test
	void aChatThePersonNamedIsNeverRenamed() {
		String token = this.api.newUser();
		long named = this.api.newChat(token, Map.of("title", "Bread notes"));
		assertThat(chat(token, named).path("title_source").asString()).isEqualTo("user");
		int titleRequests = titleRequests().size();

		assertThat(this.api.post("/generate", token, Map.of("chat_id", named, "prompt", QUESTION)).status()).isEqualTo(200);
		long renamedMeanwhile = this.api.newChat(token, Map.of());
		double kept = titles("kept");
		try (EventStream answer = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", renamedMeanwhile, "prompt", QUESTION, "stream", true), null)) {
			answer.readUntil("token");
			assertThat(this.api.patch("/chats/" + renamedMeanwhile, token, Map.of("title", "Mine")).status())
				.isEqualTo(200);
			answer.readAll();
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> titles("kept") > kept);
		assertThat(chat(token, renamedMeanwhile).path("title").asString()).isEqualTo("Mine");
		assertThat(chat(token, renamedMeanwhile).path("title_source").asString()).isEqualTo("user");
		assertThat(chat(token, named).path("title").asString()).isEqualTo("Bread notes");
		assertThat(chat(token, named).path("title_source").asString()).isEqualTo("user");
		// only the chat renamed during its answer was asked about; the named one never
		assertThat(titleRequests().size()).isEqualTo(titleRequests + 1);
	}

	@Test
	void whenTheModelCannotWriteATitleTheQuestionsWordsStay() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		double failed = titles("failed");

		try (EventStream answer = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "Short question [[sim:tokens=300]]", "stream", true), null)) {
			answer.readUntil("token");
			// the answer's request has arrived already; the title's, after it, fails
			simulator.fault(Fault.SERVER_ERROR);
			assertThat(answer.readAll()).last().satisfies(done -> assertThat(done.type()).isEqualTo("done"));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> titles("failed") > failed);
		JsonNode kept = chat(token, chat);
		assertThat(kept.path("title").asString()).isEqualTo("Short question [[sim:tokens=300]]");
		assertThat(kept.path("title_source").asString()).isEqualTo("question");
	}

	@Test
	void aFailedFirstAnswerLeavesTheQuestionsWordsWithoutAskingForATitle() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		int titleRequests = titleRequests().size();

		this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "Broken [[sim:fault=error-frame-mid-stream]]"));
		this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "Second try"));

		assertThat(chat(token, chat).path("title").asString()).isEqualTo("Broken [[sim:fault=error-frame-mid-stream]]");
		assertThat(chat(token, chat).path("title_source").asString()).isEqualTo("question");
		assertThat(titleRequests()).hasSize(titleRequests);
	}

	private JsonNode chat(String token, long chat) {
		return this.api.get("/chats/" + chat, token).json();
	}

	private double titles(String outcome) {
		Counter counter = this.meters.find("llmchat.titles").tag("outcome", outcome).counter();
		return (counter == null) ? 0 : counter.count();
	}

	private static List<ReceivedRequest> titleRequests() {
		return simulator.receivedRequests().stream().filter(request -> !request.json().path("stream").asBoolean()).toList();
	}

}
