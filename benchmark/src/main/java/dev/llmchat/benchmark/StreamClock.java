package dev.llmchat.benchmark;

/**
 * Stamps one stream's first piece of text and its last event with {@link System#nanoTime()}, counted from the moment
 * its request was sent.
 */
final class StreamClock {

	private final long start;

	private final AnswerReader reader;

	private long firstToken = -1;

	private long end = -1;

	StreamClock(long start, AnswerReader reader) {
		this.start = start;
		this.reader = reader;
	}

	void read(SseEvent event) {
		this.reader.read(event);
		long now = System.nanoTime();
		if (this.firstToken < 0 && this.reader.pieces() > 0) {
			this.firstToken = now;
		}
		if (this.end < 0 && (this.reader.finished() || this.reader.error() != null)) {
			this.end = now;
		}
	}

	StreamResult result() {
		if (this.reader.error() != null) {
			return StreamResult.failed(this.reader.error());
		}
		if (!this.reader.finished()) {
			return StreamResult.failed("the stream ended before its last event");
		}
		if (this.firstToken < 0) {
			return StreamResult.failed("the answer had no text");
		}
		return new StreamResult(null, this.firstToken - this.start, this.end - this.start, this.reader.text(),
				this.reader.messageId());
	}

}
