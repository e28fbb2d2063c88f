package dev.llmchat.backend.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of the event streams, read raw: each event is {@code id: N}, {@code data: {json}} and a blank line,
 * with a space after each colon, as the original backend, OpenAI and vLLM write them. The original page reads
 * nothing else: it splits the stream on blank lines and keeps only the lines that start with {@code data: }.
 */
class EventStreamFramingTests extends BackendTest {

	private static final Pattern EVENT = Pattern.compile("id: ([1-9][0-9]*)\ndata: (\\{[^\n]*\\})\n\n");

	@Test
	void aStreamedAnswerIsWrittenAsIdAndDataLinesWithASpaceAfterTheColonAndABlankLineAfterEachEvent() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		List<Framed> events = framed(streamedBody(token, chat, "frame me"));
		assertThat(events).extracting(Framed::id).containsExactly(sequence(1, events.size()));
		assertThat(events.getFirst().json().path("type").asString()).isEqualTo("start");
		assertThat(events.getLast().json().path("type").asString()).isEqualTo("done");
		assertThat(events).hasSize(1 + 24 + 1);
	}

	@Test
	void attachingWritesTheSameFramingFromTheEventAfterLastEventId() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (EventStream running = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "follow me [[sim:tokens=300]]", "stream", true), null)) {
			running.next();
			running.next();
			String body;
			try (EventStream attached = this.api.openStream("GET", "/chats/" + chat + "/generation", token, null, "2")) {
				assertThat(attached.status()).isEqualTo(200);
				assertThat(attached.contentType()).startsWith("text/event-stream");
				body = attached.bodyText();
			}
			List<Framed> events = framed(body);
			assertThat(events).extracting(Framed::id).containsExactly(sequence(3, events.size()));
			assertThat(events.getLast().json().path("type").asString()).isEqualTo("done");
			assertThat(events.getLast().json().path("usage").path("completion_tokens").asInt()).isEqualTo(300);
		}
	}

	@Test
	void theOriginalPagesRuleReadsTheWholeStoredAnswer() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		String body = streamedBody(token, chat, "read me as the old page did [[sim:tokens=60]]");
		OriginalPage page = new OriginalPage();
		// in pieces that cut events, lines and the JSON anywhere, as network reads do
		for (int start = 0; start < body.length(); start += 37) {
			page.receive(body.substring(start, Math.min(body.length(), start + 37)));
		}
		assertThat(page.done).as("the done event").isNotNull();
		String stored = this.jdbc.queryForObject("select content from messages where id = ?", String.class,
				page.done.path("message_id").asLong());
		assertThat(page.text.toString()).isEqualTo(stored).startsWith("Simulated answer");
		assertThat(stored.split(" ")).hasSizeGreaterThan(50);
	}

	/** The whole body of a streamed answer, as it came. */
	private String streamedBody(String token, long chat, String prompt) {
		try (EventStream stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", prompt, "stream", true), null)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");
			return stream.bodyText();
		}
	}

	/** The body as events, after checking it is nothing but events framed exactly as the contract says. */
	private static List<Framed> framed(String body) {
		Matcher matcher = EVENT.matcher(body);
		List<Framed> events = new ArrayList<>();
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			events.add(new Framed(Long.parseLong(matcher.group(1)), ApiClient.json().readTree(matcher.group(2))));
			end = matcher.end();
		}
		assertThat(end).as("bytes up to here are framed events; after them: %s", body.substring(end))
			.isEqualTo(body.length());
		assertThat(events).isNotEmpty();
		return events;
	}

	private static Long[] sequence(long first, int count) {
		Long[] ids = new Long[count];
		for (int i = 0; i < count; i++) {
			ids[i] = first + i;
		}
		return ids;
	}

	private record Framed(long id, JsonNode json) {
	}

	/**
	 * The stream reader of the original page (static/js/chat.js of the system description): what the network
	 * brings is appended to a buffer, complete events are cut off at blank lines, and of each event only the lines
	 * that start with {@code data: } count, parsed as JSON after those six characters.
	 */
	private static final class OriginalPage {

		private final StringBuilder text = new StringBuilder();

		private String buffer = "";

		private JsonNode done;

		void receive(String piece) {
			this.buffer += piece;
			String[] parts = this.buffer.split("\n\n", -1);
			this.buffer = parts[parts.length - 1];
			for (int i = 0; i < parts.length - 1; i++) {
				for (String line : parts[i].split("\n")) {
					if (line.startsWith("data: ")) {
						handle(ApiClient.json().readTree(line.substring(6)));
					}
				}
			}
		}

		private void handle(JsonNode event) {
			switch (event.path("type").asString()) {
				case "token" -> this.text.append(event.path("chunk").asString());
				case "done" -> this.done = event;
				case "error" -> throw new AssertionError("the answer failed: " + event);
				default -> {
					// the original page knows only token, done and error
				}
			}
		}

	}

}
