package dev.llmchat.backend.generation;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/** Each failure of the model server gives the documented status or stream event, and loses no stored text. */
class ModelServerFaultTests extends BackendTest {

	@Test
	void anUnreachableModelServerIs503NamingItsUrlAndTheQuestionIsKept() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		simulator.fault(Fault.REFUSE_CONNECTIONS);
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "anyone there?", "stream", true));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json().path("detail").asString()).contains(simulator.baseUrl(), "cannot be reached");
		assertMessages(token, chat, "anyone there?", "error", "");
	}

	@Test
	void aServerErrorIs502WithTheServersMessage() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		simulator.fault(Fault.SERVER_ERROR);
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "hello"));
		assertThat(response.status()).isEqualTo(502);
		assertThat(response.json().path("detail").asString()).contains("answered 500");
		assertMessages(token, chat, "hello", "error", "");
	}

	@Test
	void noFirstTokenWithinTheTimeoutIs504AndTheModelRequestIsCancelled() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		long cancelledBefore = simulator.cancelledRequests();
		simulator.fault(Fault.STALL_BEFORE_FIRST_TOKEN);
		long start = System.nanoTime();
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "hello", "stream", true));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.status()).isEqualTo(504);
		assertThat(response.json().path("detail").asString()).contains("did not start answering within 10 s");
		assertThat(took).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(14));
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> simulator.cancelledRequests() > cancelledBefore);
		assertMessages(token, chat, "hello", "error", "");
	}

	@Test
	void aStreamThatStallsMidwayEndsWithAnErrorEventAfterTheIdleTimeoutKeepingTheText() {
		assertMidStreamFailure(Fault.STALL_MID_STREAM, "stopped sending for 5 s");
	}

	@Test
	void aConnectionDroppedMidwayEndsWithAnErrorEventKeepingTheText() {
		assertMidStreamFailure(Fault.DROP_MID_STREAM, "broke in the middle of the answer");
	}

	@Test
	void anErrorFrameMidwayEndsWithAnErrorEventCarryingTheServersMessage() {
		assertMidStreamFailure(Fault.ERROR_FRAME_MID_STREAM, "Simulated error during generation");
	}

	@Test
	void aMalformedChunkEndsWithAnErrorEventKeepingTheText() {
		assertMidStreamFailure(Fault.MALFORMED_CHUNK, "not valid JSON");
	}

	@Test
	void aContextLengthRefusalWithNothingToTrimIs413WithTheServersNumbers() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		simulator.fault(Fault.CONTEXT_LENGTH);
		simulator.clearReceived();
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "too long"));
		assertThat(response.status()).isEqualTo(413);
		assertThat(simulator.receivedRequests()).hasSize(1);
		assertThat(response.json().path("detail").asString()).isEqualTo("The prompt is too long for the model: the "
				+ "model server counted " + (8192 + simulator.receivedRequests().getFirst().promptTokens())
				+ " tokens with the system prompt, and its context of 8192 tokens leaves 7168 for them after 1024 for "
				+ "the answer. Shorten it.");
		assertMessages(token, chat, "too long", "error", "");
	}

	@Test
	void aContextLengthRefusalIsFittedAgainFromTheServersNumbersUntilOnlyThePromptIsLeft() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		for (int i = 0; i < 4; i++) {
			this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "turn " + i));
		}
		simulator.fault(Fault.CONTEXT_LENGTH);
		simulator.clearReceived();
		Response response = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "last"));
		assertThat(response.status()).isEqualTo(413);
		List<Integer> sizes = simulator.receivedRequests().stream().map(sent -> sent.messages().size()).toList();
		assertThat(sizes.getFirst()).isEqualTo(1 + 8 + 1);
		assertThat(sizes.getLast()).as("the system prompt and the prompt").isEqualTo(1 + 1);
		assertThat(sizes).isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
	}

	private void assertMidStreamFailure(Fault fault, String sentence) {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		simulator.fault(fault);
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "go on", "stream", true), null)) {
			assertThat(stream.status()).isEqualTo(200);
			List<Event> events = stream.readAll();
			Event last = events.getLast();
			assertThat(last.type()).isEqualTo("error");
			assertThat(last.data().path("error").asString()).contains(sentence);
			String partial = dev.llmchat.backend.support.ApiClient.text(events);
			assertThat(partial).isNotEmpty();
			assertMessages(token, chat, "go on", "error", partial);
		}
	}

	private void assertMessages(String token, long chat, String question, String answerStatus, String answerText) {
		var messages = this.api.get("/chats/" + chat + "/messages", token).json();
		assertThat(messages.size()).isEqualTo(2);
		assertThat(messages.get(0).path("content").asString()).isEqualTo(question);
		assertThat(messages.get(0).path("status").asString()).isEqualTo("complete");
		assertThat(messages.get(1).path("status").asString()).isEqualTo(answerStatus);
		assertThat(messages.get(1).path("content").asString()).isEqualTo(answerText);
		assertThat(messages.get(1).path("error").asString()).isNotBlank();
	}

}
