package dev.llmchat.benchmark;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental {@code text/event-stream} parser. Network reads may split an event, a line or a UTF-8 character
 * anywhere, so bytes are buffered and only complete lines are decoded; a line may end in CRLF, LF or CR.
 */
final class SseParser {

	private final Consumer<SseEvent> onEvent;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private String lastEventId;

	/** The previous read ended a line with CR: an LF that starts the next read belongs to it. */
	private boolean afterCarriageReturn;

	SseParser(Consumer<SseEvent> onEvent) {
		this.onEvent = onEvent;
	}

	void feed(byte[] bytes) {
		for (byte b : bytes) {
			if (this.afterCarriageReturn) {
				this.afterCarriageReturn = false;
				if (b == '\n') {
					continue;
				}
			}
			if (b == '\n' || b == '\r') {
				this.afterCarriageReturn = b == '\r';
				line(this.line.toString(StandardCharsets.UTF_8));
				this.line.reset();
			}
			else {
				this.line.write(b);
			}
		}
	}

	private void line(String text) {
		if (text.isEmpty()) {
			dispatch();
			return;
		}
		if (text.charAt(0) == ':') {
			return;
		}
		int colon = text.indexOf(':');
		String field = (colon < 0) ? text : text.substring(0, colon);
		String value = (colon < 0) ? "" : text.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "data" -> {
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(value);
				this.hasData = true;
			}
			case "id" -> this.lastEventId = value;
			default -> {
				// event:, retry: and unknown fields do not matter here
			}
		}
	}

	private void dispatch() {
		if (!this.hasData) {
			return;
		}
		SseEvent event = new SseEvent(this.lastEventId, this.data.toString());
		this.data.setLength(0);
		this.hasData = false;
		this.onEvent.accept(event);
	}

}
