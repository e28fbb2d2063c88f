package dev.llmchat.backend.llm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent-event byte stream into event payloads, whatever the network's chunking: a line or an event may
 * be cut anywhere, even inside a multi-byte character. Reads {@code data:} lines (vLLM, Ollama) and {@code error:}
 * lines (llama.cpp's mid-stream errors); ignores comments and other fields. Not thread-safe: one per stream.
 */
final class SseDecoder {

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

	private StringBuilder data;

	private boolean error;

	/** Feeds bytes; returns the events they complete. */
	List<Event> feed(byte[] bytes) {
		List<Event> events = new ArrayList<>(2);
		for (byte b : bytes) {
			if (b == '\n') {
				onLine(lineText(), events);
			}
			else {
				this.line.write(b);
			}
		}
		return events;
	}

	/** The event left open when the stream ended without a blank line after it. */
	List<Event> finish() {
		List<Event> events = new ArrayList<>(1);
		if (this.line.size() > 0) {
			onLine(lineText(), events);
		}
		dispatch(events);
		return events;
	}

	private String lineText() {
		String text = this.line.toString(StandardCharsets.UTF_8);
		this.line.reset();
		return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
	}

	private void onLine(String text, List<Event> events) {
		if (text.isEmpty()) {
			dispatch(events);
		}
		else if (text.startsWith("data:")) {
			append(value(text, 5));
		}
		else if (text.startsWith("error:")) {
			this.error = true;
			append(value(text, 6));
		}
	}

	private void append(String value) {
		if (this.data == null) {
			this.data = new StringBuilder(value);
		}
		else {
			this.data.append('\n').append(value);
		}
	}

	private void dispatch(List<Event> events) {
		if (this.data != null) {
			events.add(new Event(this.data.toString(), this.error));
		}
		this.data = null;
		this.error = false;
	}

	private static String value(String line, int fieldLength) {
		return (line.length() > fieldLength && line.charAt(fieldLength) == ' ') ? line.substring(fieldLength + 1)
				: line.substring(fieldLength);
	}

	/** One event's payload; {@code error} when it came on an {@code error:} line. */
	record Event(String data, boolean error) {
	}

}
