package dev.llmchat.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTests {

	private final List<SseEvent> events = new ArrayList<>();

	private final SseParser parser = new SseParser(this.events::add);

	@Test
	void eventsWithOrWithoutTheSpaceAfterTheColonSplitAnywhereAcrossReadsArriveWhole() {
		byte[] stream = "id: 1\ndata: {\"type\":\"token\",\"chunk\":\"olá ñ\"}\n\nid:2\ndata:{\"type\":\"done\"}\n\n"
			.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < stream.length; i++) {
			this.parser.feed(Arrays.copyOfRange(stream, i, i + 1));
		}
		assertThat(this.events).containsExactly(new SseEvent("1", "{\"type\":\"token\",\"chunk\":\"olá ñ\"}"),
				new SseEvent("2", "{\"type\":\"done\"}"));
	}

	@Test
	void crlfAndCrEndLinesEvenWhenTheLfComesInTheNextRead() {
		this.parser.feed("data: a\r".getBytes(StandardCharsets.UTF_8));
		this.parser.feed("\n\r\ndata: b\r\r".getBytes(StandardCharsets.UTF_8));
		assertThat(this.events).containsExactly(new SseEvent(null, "a"), new SseEvent(null, "b"));
	}

	@Test
	void dataLinesJoinWithNewlinesAndCommentsAreSkipped() {
		this.parser.feed(": keep-alive\ndata: one\ndata:two\n\n".getBytes(StandardCharsets.UTF_8));
		assertThat(this.events).containsExactly(new SseEvent(null, "one\ntwo"));
	}

	@Test
	void anUnfinishedEventIsNotDispatched() {
		this.parser.feed("data: [DONE]\n".getBytes(StandardCharsets.UTF_8));
		assertThat(this.events).isEmpty();
	}

}
