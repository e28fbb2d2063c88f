package dev.llmchat.backend.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseDecoderTests {

	private static final String STREAM = "data: {\"a\":\"olá 😀\"}\n\n: comment\n\ndata:{\"b\":2}\r\n\r\n"
			+ "error: {\"code\":500,\"message\":\"boom\"}\n\ndata: [DONE]\n\n";

	@Test
	void eventsSurviveBeingCutAtEveryByteEvenInsideACharacter() {
		byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
		for (int cut = 1; cut < bytes.length; cut++) {
			SseDecoder decoder = new SseDecoder();
			List<SseDecoder.Event> events = new ArrayList<>(decoder.feed(java.util.Arrays.copyOfRange(bytes, 0, cut)));
			events.addAll(decoder.feed(java.util.Arrays.copyOfRange(bytes, cut, bytes.length)));
			events.addAll(decoder.finish());
			assertThat(events).as("cut at %d", cut)
				.containsExactly(new SseDecoder.Event("{\"a\":\"olá 😀\"}", false), new SseDecoder.Event("{\"b\":2}", false),
						new SseDecoder.Event("{\"code\":500,\"message\":\"boom\"}", true),
						new SseDecoder.Event("[DONE]", false));
		}
	}

	@Test
	void byteByByteDeliveryGivesTheSameEvents() {
		SseDecoder decoder = new SseDecoder();
		List<SseDecoder.Event> events = new ArrayList<>();
		for (byte b : STREAM.getBytes(StandardCharsets.UTF_8)) {
			events.addAll(decoder.feed(new byte[] { b }));
		}
		assertThat(events).hasSize(4);
	}

	@Test
	void multipleDataLinesJoinWithNewlinesAndAnUnterminatedEventIsKept() {
		SseDecoder decoder = new SseDecoder();
		List<SseDecoder.Event> events = new ArrayList<>(decoder.feed("data: one\ndata: two\n\ndata: tail".getBytes()));
		events.addAll(decoder.finish());
		assertThat(events).containsExactly(new SseDecoder.Event("one\ntwo", false), new SseDecoder.Event("tail", false));
	}

}
