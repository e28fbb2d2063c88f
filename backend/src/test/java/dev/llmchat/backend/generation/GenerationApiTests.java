package dev.llmchat.backend.generation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.ChatMessage;
import dev.llmchat.simulator.ReceivedRequest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GenerationApiTests extends BackendTest {

	@Test
	void aNonStreamingAnswerComesBackAsRespostaAndBothMessagesAreStored() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "Qual é a capital do Brasil?"));
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.path("chat_id").asLong()).isEqualTo(chat);
		assertThat(body.path("prompt").asString()).isEqualTo("Qual é a capital do Brasil?");
		assertThat(body.path("stream").asBoolean()).isFalse();
		assertThat(body.path("model").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
		assertThat(body.path("resposta").asString()).contains("Qual é a capital do Brasil?");
		assertThat(body.path("message").path("content").asString()).isEqualTo(body.path("resposta").asString());
		assertThat(body.path("message").path("status").asString()).isEqualTo("complete");

		JsonNode messages = this.api.get("/chats/" + chat + "/messages", token).json();
		assertThat(messages.get(0).path("content").asString()).isEqualTo("Qual é a capital do Brasil?");
		assertThat(messages.get(1).path("content").asString()).isEqualTo(body.path("resposta").asString());
		assertThat(messages.get(1).path("finish_reason").asString()).isEqualTo("stop");
		assertThat(messages.get(1).path("completion_tokens").asInt()).isEqualTo(24);
	}

	@Test
	void aStreamedAnswerSendsStartTokensAndDoneWithSequentialIds() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "Hello there", "stream", true), null)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");
			List<Event> events = stream.readAll();
			assertThat(events.getFirst().type()).isEqualTo("start");
			assertThat(events.getFirst().data().path("model").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
			long messageId = events.getFirst().data().path("message_id").asLong();
			assertThat(events.subList(1, events.size() - 1)).allMatch(event -> event.type().equals("token"));
			Event done = events.getLast();
			assertThat(done.type()).isEqualTo("done");
			assertThat(done.data().path("message_id").asLong()).isEqualTo(messageId);
			assertThat(done.data().path("finish_reason").asString()).isEqualTo("stop");
			assertThat(done.data().path("usage").path("completion_tokens").asInt()).isEqualTo(24);
			assertThat(done.data().path("usage").path("prompt_tokens").asInt()).isPositive();
			assertThat(done.data().has("ttft_ms")).isTrue();
			assertThat(done.data().has("duration_ms")).isTrue();
			for (int i = 0; i < events.size(); i++) {
				assertThat(events.get(i).id()).isEqualTo(Integer.toString(i + 1));
			}
			String text = ApiClient.text(events);
			assertThat(text).startsWith("Simulated answer");
			assertThat(this.jdbc.queryForObject("select content from messages where id = ?", String.class, messageId))
				.isEqualTo(text);
		}
	}

	@Test
	void tokensKeepTheirLeadingSpaces() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		List<Event> events = this.api.generateStreaming(token, chat, "spaces please");
		List<String> chunks = events.stream().filter(e -> e.type().equals("token")).map(e -> e.data().path("chunk").asString()).toList();
		assertThat(chunks.subList(1, chunks.size())).allMatch(chunk -> chunk.startsWith(" "));
	}

	@Test
	void theModelReceivesTheSystemPromptAndTheWholeConversation() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of("system_prompt", "Answer like a pirate."));
		List<Event> first = this.api.generateStreaming(token, chat, "My name is Ana.");
		simulator.clearReceived();
		this.api.generateStreaming(token, chat, "What is my name?");

		ReceivedRequest request = simulator.receivedRequests().getLast();
		assertThat(request.messages()).containsExactly(new ChatMessage("system", "Answer like a pirate."),
				new ChatMessage("user", "My name is Ana."), new ChatMessage("assistant", ApiClient.text(first)),
				new ChatMessage("user", "What is my name?"));
		assertThat(request.json().path("stream").asBoolean()).isTrue();
		assertThat(request.json().path("stream_options").path("include_usage").asBoolean()).isTrue();
		assertThat(request.json().path("model").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
	}

	@Test
	void aChatWithoutASystemPromptGetsTheConfiguredDefaultAndRequestOptionsAreSent() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		simulator.clearReceived();
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "hi", "options",
				Map.of("temperature", 0.3, "top_p", 0.9, "max_tokens", 5)));
		assertThat(response.status()).isEqualTo(200);
		ReceivedRequest request = simulator.receivedRequests().getLast();
		assertThat(request.messages().getFirst()).isEqualTo(new ChatMessage("system", "You are a helpful assistant."));
		assertThat(request.json().path("temperature").asDouble()).isEqualTo(0.3);
		assertThat(request.json().path("top_p").asDouble()).isEqualTo(0.9);
		assertThat(request.json().path("max_tokens").asInt()).isEqualTo(5);
		assertThat(response.json().path("message").path("finish_reason").asString()).isEqualTo("length");
		assertThat(response.json().path("message").path("completion_tokens").asInt()).isEqualTo(5);
	}

	@Test
	void aSecondAnswerInTheSameChatIsRefusedWith409WhileTheFirstRuns() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (EventStream running = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "long one [[sim:tokens=2000]]", "stream", true), null)) {
			running.readUntil("token");
			Response second = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "again"));
			assertThat(second.status()).isEqualTo(409);
			assertThat(second.json().path("detail").asString()).contains("already being generated");
			assertThat(this.api.post("/chats/" + chat + "/generation/stop", token, null).status()).isEqualTo(204);
		}
		assertThat(this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "now it works")).status())
			.isEqualTo(200);
	}

	@Test
	void anAnswerGoesOnAndIsStoredWhenTheClientDisconnects() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		long cancelledBefore = simulator.cancelledRequests();
		long messageId;
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "keep going [[sim:tokens=300]]", "stream", true), null)) {
			messageId = stream.next().data().path("message_id").asLong();
			stream.next();
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "complete".equals(
					this.jdbc.queryForObject("select status from messages where id = ?", String.class, messageId)));
		assertThat(this.jdbc.queryForObject("select completion_tokens from messages where id = ?", Integer.class, messageId))
			.isEqualTo(300);
		assertThat(simulator.cancelledRequests()).isEqualTo(cancelledBefore);
	}

	@Test
	void completeAnswersLeaveTheirConnectionToTheModelServerForTheNextOne() {
		String token = this.api.newUser();
		this.api.post("/generate", token, Map.of("chat_id", this.api.newChat(token, Map.of()), "prompt", "warm up"));
		long openedBefore = simulator.connectionsOpened();
		long cancelledBefore = simulator.cancelledRequests();
		for (int i = 0; i < 6; i++) {
			long chat = this.api.newChat(token, Map.of());
			try (EventStream stream = this.api.openStream("POST", "/generate", token,
					Map.of("chat_id", chat, "prompt", "answer " + i, "stream", true), null)) {
				assertThat(stream.readAll().getLast().type()).isEqualTo("done");
			}
		}
		// one more connection at most, for the model list probed in the background meanwhile
		assertThat(simulator.connectionsOpened() - openedBefore).isLessThanOrEqualTo(1);
		assertThat(simulator.cancelledRequests()).isEqualTo(cancelledBefore);
	}

	@Test
	void attachingReplaysTheEventsAfterLastEventIdAndFollowsToTheEnd() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		List<Event> firstEvents;
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "replay me [[sim:tokens=800]]", "stream", true), null)) {
			firstEvents = List.of(stream.next(), stream.next(), stream.next(), stream.next());
		}
		try (EventStream attached = this.api.openStream("GET", "/chats/" + chat + "/generation", token, null, "4")) {
			assertThat(attached.status()).isEqualTo(200);
			List<Event> rest = attached.readAll();
			assertThat(rest.getFirst().id()).isEqualTo("5");
			assertThat(rest.getLast().type()).isEqualTo("done");
			String text = ApiClient.text(firstEvents) + ApiClient.text(rest);
			long messageId = firstEvents.getFirst().data().path("message_id").asLong();
			assertThat(this.jdbc.queryForObject("select content from messages where id = ?", String.class, messageId))
				.isEqualTo(text);
		}
	}

	@Test
	void attachingWithoutLastEventIdReplaysFromTheStart() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "from the start [[sim:tokens=400]]", "stream", true), null)) {
			stream.next();
			try (EventStream attached = this.api.openStream("GET", "/chats/" + chat + "/generation", token, null, null)) {
				List<Event> all = attached.readAll();
				assertThat(all.getFirst().type()).isEqualTo("start");
				assertThat(all.getFirst().id()).isEqualTo("1");
				assertThat(all.getLast().type()).isEqualTo("done");
			}
		}
	}

	@Test
	void attachingWhenNothingRunsIs204() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		assertThat(this.api.get("/chats/" + chat + "/generation", token).status()).isEqualTo(204);
		assertThat(this.api.post("/chats/" + chat + "/generation/stop", token, null).status()).isEqualTo(204);
	}

	@Test
	void stopCancelsTheModelRequestWithinASecondAndKeepsTheTextAsInterrupted() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		long cancelledBefore = simulator.cancelledRequests();
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "stop me [[sim:tokens=4000]]", "stream", true), null)) {
			long messageId = stream.next().data().path("message_id").asLong();
			stream.next();
			stream.next();
			long start = System.nanoTime();
			assertThat(this.api.post("/chats/" + chat + "/generation/stop", token, null).status()).isEqualTo(204);
			await().atMost(Duration.ofSeconds(1)).until(() -> simulator.cancelledRequests() == cancelledBefore + 1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

			List<Event> rest = stream.readAll();
			Event done = rest.getLast();
			assertThat(done.type()).isEqualTo("done");
			assertThat(done.data().path("finish_reason").asString()).isEqualTo("stopped");
			Map<String, Object> row = this.jdbc.queryForMap("select status, content from messages where id = ?", messageId);
			assertThat(row.get("status")).isEqualTo("interrupted");
			assertThat((String) row.get("content")).startsWith("Simulated answer");
			assertThat(((String) row.get("content")).split(" ").length).isLessThan(4000);
		}
	}

	@Test
	void theAnswerIsWrittenToTheDatabaseWhileItStreams() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "slowly [[sim:tokens=4000]]", "stream", true), null)) {
			long messageId = stream.next().data().path("message_id").asLong();
			await().atMost(Duration.ofSeconds(2))
				.until(() -> this.jdbc.queryForObject("select length(content) from messages where id = ?", Integer.class,
						messageId) > 0);
			assertThat(this.jdbc.queryForObject("select status from messages where id = ?", String.class, messageId))
				.isEqualTo("streaming");
			this.api.post("/chats/" + chat + "/generation/stop", token, null);
		}
	}

	@Test
	void emptyOversizedAndMalformedPromptsAreRefusedBeforeAnythingIsStored() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		Response empty = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "   "));
		assertThat(empty.status()).isEqualTo(422);
		assertThat(empty.json().path("detail").asString()).contains("empty");
		Response huge = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "x".repeat(32 * 1024 + 1)));
		assertThat(huge.status()).isEqualTo(413);
		assertThat(huge.json().path("detail").asString()).contains("32768");
		assertThat(this.api.post("/generate", token, Map.of("prompt", "no chat")).status()).isEqualTo(422);
		assertThat(this.api.post("/generate", token, Map.of("chat_id", chat)).status()).isEqualTo(422);
		assertThat(this.api.post("/generate", token, Map.of("chat_id", "abc", "prompt", "x")).status()).isEqualTo(400);
		assertThat(this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "x", "stream", "maybe")).status())
			.isEqualTo(400);
		assertThat(this.api.post("/generate", token,
				Map.of("chat_id", chat, "prompt", "x", "options", Map.of("temperature", -1))).status())
			.isEqualTo(422);
		assertThat(this.api.post("/generate", token, Map.of("chat_id", 987654321, "prompt", "x")).status()).isEqualTo(404);
		assertThat(this.jdbc.queryForObject("select count(*) from messages where chat_id = ?", Long.class, chat)).isZero();
	}

	@Test
	void controlCharactersUnicodeAndMarkupInPromptsAreStoredAsTheyCame() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		// every control character but NUL, which no database here stores (RequestLimitsTests)
		String prompt = "<script>alert(1)</script> ' OR 1=1; -- \u0001\u0007\u001b\u007f 😀 ção 中文 \u202e";
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", prompt));
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.api.get("/chats/" + chat + "/messages", token).json().get(0).path("content").asString())
			.isEqualTo(prompt);
	}

}
