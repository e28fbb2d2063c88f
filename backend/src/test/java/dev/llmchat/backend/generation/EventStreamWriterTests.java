package dev.llmchat.backend.generation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What reaches the wire, and when: an event is flushed as soon as it is produced, not when the answer ends. */
class EventStreamWriterTests {

	@Test
	void eachEventIsOnTheWireBeforeTheNextOneIsProduced() throws InterruptedException {
		Sinks.Many<GenerationEvent> events = Sinks.many().unicast().onBackpressureBuffer();
		WireResponse response = new WireResponse();
		Thread writer = Thread.ofVirtual().start(() -> {
			try {
				new EventStreamWriter().write(events.asFlux(), response);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		StringBuilder expected = new StringBuilder();
		for (int id = 1; id <= 3; id++) {
			GenerationEvent event = GenerationEvent.of(id, ("{\"type\":\"token\",\"chunk\":\"" + id + "\"}")
				.getBytes(StandardCharsets.UTF_8));
			events.tryEmitNext(event);
			expected.append(new String(event.frame(), StandardCharsets.UTF_8));
			await().atMost(Duration.ofSeconds(5)).until(() -> response.onTheWire().equals(expected.toString()));
		}
		assertThat(writer.isAlive()).as("waiting for the next event").isTrue();
		events.tryEmitComplete();
		writer.join(Duration.ofSeconds(5));
		assertThat(writer.isAlive()).as("returned at the end of the events").isFalse();
		assertThat(response.getContentType()).startsWith("text/event-stream");
		assertThat(response.onTheWire()).isEqualTo("id: 1\ndata: {\"type\":\"token\",\"chunk\":\"1\"}\n\n"
				+ "id: 2\ndata: {\"type\":\"token\",\"chunk\":\"2\"}\n\nid: 3\ndata: {\"type\":\"token\",\"chunk\":\"3\"}\n\n");
	}

	/** A response whose bytes are on the wire only once flushed, as a server's buffered response's are. */
	private static final class WireResponse extends MockHttpServletResponse {

		private final ByteArrayOutputStream buffered = new ByteArrayOutputStream();

		private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

		private final ServletOutputStream out = new ServletOutputStream() {

			@Override
			public void write(int b) {
				synchronized (WireResponse.this) {
					WireResponse.this.buffered.write(b);
				}
			}

			@Override
			public void flush() {
				synchronized (WireResponse.this) {
					WireResponse.this.wire.writeBytes(WireResponse.this.buffered.toByteArray());
					WireResponse.this.buffered.reset();
				}
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		};

		@Override
		public ServletOutputStream getOutputStream() {
			return this.out;
		}

		synchronized String onTheWire() {
			return this.wire.toString(StandardCharsets.UTF_8);
		}

	}

}
