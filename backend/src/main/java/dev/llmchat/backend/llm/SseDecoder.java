package dev.llmchat.backend.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a server-sent-event byte stream into event payloads, whatever the network's chunking: a line or an event may
 * be cut anywhere, even inside a multi-byte character. Reads {@code data:} lines (vLLM, Ollama) and {@code error:}
 * lines (llama.cpp's mid-stream errors); ignores comments and other fields. Not thread-safe: one per stream.
 */
final class SseDecoder {

	/** The start of a line that the bytes fed so far have not finished. */
	private byte[] partial = new byte[256];

	private int partialLength;

	private StringBuilder data;

	private boolean error;

	/** Feeds bytes; returns the events they complete. */
	List<Event> feed(byte[] bytes) {
		List<Event> events = new ArrayList<>(2);
		int start = 0;
		for (int end = indexOfNewline(bytes, start); end >= 0; end = indexOfNewline(bytes, start)) {
			if (this.partialLength == 0) {
				onLine(text(bytes, start, end), events);
			}
			else {
				keep(bytes, start, end);
				onLine(text(this.partial, 0, this.partialLength), events);
				this.partialLength = 0;
			}
			start = end + 1;
		}
		keep(bytes, start, bytes.length);
		return events;
	}

	/** The event left open when the stream ended without a blank line after it. */
	List<Event> finish() {
		List<Event> events = new ArrayList<>(1);
		if (this.partialLength > 0) {
			onLine(text(this.partial, 0, this.partialLength), events);
			this.partialLength = 0;
		}
		dispatch(events);
		return events;
	}

	private static int indexOfNewline(byte[] bytes, int from) {
		for (int index = from; index < bytes.length; index++) {
			if (bytes[index] == '\n') {
				return index;
			}
		}
		return -1;
	}

	/** The line's text without its line break ({@code \r} too); a line is cut only at a newline, never in a character. */
	private static String text(byte[] bytes, int start, int end) {
		int length = (end > start && bytes[end - 1] == '\r') ? end - start - 1 : end - start;
		return new String(bytes, start, length, StandardCharsets.UTF_8);
	}

	private void keep(byte[] bytes, int start, int end) {
		int length = end - start;
		if (this.partialLength + length > this.partial.length) {
			this.partial = Arrays.copyOf(this.partial, Math.max(this.partial.length * 2, this.partialLength + length));
		}
		System.arraycopy(bytes, start, this.partial, this.partialLength, length);
		this.partialLength += length;
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
