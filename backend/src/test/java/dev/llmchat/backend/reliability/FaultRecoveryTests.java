package dev.llmchat.backend.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ModelServerFaultTests does not cover: after each fault of the model server, streamed or not, the chat takes
 * the next prompt at once (nothing stays reserved or half-stored); a silent stream ends at the idle timeout and not
 * later; and a user can stop an answer whose stream has gone silent.
 */
class FaultRecoveryTests extends BackendTest {

	private static final List<String> FAULTS = List.of("refuse-connections", "server-error", "context-length",
			"drop-mid-stream", "error-frame-mid-stream", "malformed-chunk");

	@Test
	void afterEveryFaultStreamedOrNotTheSameChatAnswersTheNextPrompt() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		int exchanges = 0;
		for (String fault : FAULTS) {
			for (boolean stream : new boolean[] { false, true }) {
				String label = fault + (stream ? " streamed" : "");
				Response failed = this.api.post("/generate", token,
						Map.of("chat_id", chat, "prompt", "fail [[sim:fault=" + fault + "]]", "stream", stream));
				assertThat(failed.status()).as(label).isIn(200, 413, 502, 503);
				if (failed.status() == 200) {
					assertThat(failed.body()).as(label).contains("\"type\":\"error\"");
				}
				else {
					assertThat(failed.json().path("detail").asString()).as(label).isNotBlank();
				}
				Response next = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "and now " + label));
				assertThat(next.status()).as("the prompt after " + label).isEqualTo(200);
				assertThat(next.json().path("message").path("status").asString()).isEqualTo("complete");
				exchanges += 2;
			}
		}
		JsonNode messages = this.api.get("/chats/" + chat + "/messages", token).json();
		assertThat(messages.size()).isEqualTo(exchanges * 2);
		for (int i = 0; i < messages.size(); i += 4) {
			assertThat(messages.get(i + 1).path("status").asString()).as("failed answer %d", i).isEqualTo("error");
			assertThat(messages.get(i + 3).path("status").asString()).as("next answer %d", i).isEqualTo("complete");
		}
		assertThat(this.jdbc.queryForObject("select count(*) from messages where chat_id = ? and status = 'streaming'",
				Long.class, chat)).isZero();
	}

	@Test
	void aSilentStreamEndsAtTheIdleTimeoutAndASilentStreamCanBeStopped() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (EventStream stream = openStalled(token, chat)) {
			stream.readUntil("token");
			stream.next();
			stream.next();
			long silentSince = System.nanoTime();
			Event last = stream.readAll().getLast();
			Duration waited = Duration.ofNanos(System.nanoTime() - silentSince);
			assertThat(last.type()).isEqualTo("error");
			// the idle timeout is 5 s in the tests; a loaded machine may add a little, a hang much more
			assertThat(waited).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(9));
		}

		try (EventStream stream = openStalled(token, chat)) {
			long messageId = stream.next().data().path("message_id").asLong();
			String text = ApiClient.text(List.of(stream.next(), stream.next(), stream.next()));
			long start = System.nanoTime();
			assertThat(this.api.post("/chats/" + chat + "/generation/stop", token, null).status()).isEqualTo(204);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			Event done = stream.readAll().getLast();
			assertThat(done.type()).isEqualTo("done");
			assertThat(done.data().path("finish_reason").asString()).isEqualTo("stopped");
			Map<String, Object> row = this.jdbc.queryForMap("select status, content from messages where id = ?", messageId);
			assertThat(row).containsEntry("status", "interrupted").containsEntry("content", text);
		}
	}

	@Test
	void anAnswerIsCompleteAtDoneEvenWhenTheServerKeepsItsResponseOpen() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		long start = System.nanoTime();
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "linger [[sim:fault=stall-after-done]]", "stream", true), null)) {
			Event done = stream.readAll().getLast();
			assertThat(done.type()).isEqualTo("done");
			assertThat(done.data().path("status").asString()).isEqualTo("complete");
		}
		// well before the idle timeout (5 s here), which later cuts the response the server left open
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(this.api.get("/chats/" + chat + "/messages", token).json().get(1).path("status").asString())
			.isEqualTo("complete");
		assertThat(this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "next")).status()).isEqualTo(200);
	}

	private EventStream openStalled(String token, long chat) {
		EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "go quiet [[sim:fault=stall-mid-stream]]", "stream", true), null);
		assertThat(stream.status()).isEqualTo(200);
		return stream;
	}

}
