package dev.llmchat.benchmark;

import tools.jackson.databind.json.JsonMapper;

/**
 * Follows one streamed answer event by event, in the wire format of one kind of server: a subclass reads the events
 * and records the text, the end and any failure here.
 */
abstract class AnswerReader {

	protected final JsonMapper json;

	private final StringBuilder text = new StringBuilder();

	private int pieces;

	private boolean finished;

	private String error;

	protected AnswerReader(JsonMapper json) {
		this.json = json;
	}

	abstract void read(SseEvent event);

	/** The backend's id of the stored answer, null for a model server. */
	abstract Long messageId();

	/** Pieces of text received so far; the first one marks the time to first token. */
	final int pieces() {
		return this.pieces;
	}

	final String text() {
		return this.text.toString();
	}

	/** True once the stream said it is complete ({@code done} or {@code [DONE]}) without an error. */
	final boolean finished() {
		return this.finished && this.error == null;
	}

	/** Why the answer failed, or null. */
	final String error() {
		return this.error;
	}

	protected final void received(String piece) {
		this.text.append(piece);
		this.pieces++;
	}

	protected final void ended() {
		this.finished = true;
	}

	protected final void failed(String why) {
		this.error = why;
	}

}
