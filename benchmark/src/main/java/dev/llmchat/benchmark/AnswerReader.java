package dev.llmchat.benchmark;

/**
 * Follows one streamed answer event by event, in the wire format of one kind of server.
 */
interface AnswerReader {

	void read(SseEvent event);

	/** Pieces of text received so far; the first one marks the time to first token. */
	int pieces();

	String text();

	/** True once the stream said it is complete ({@code done} or {@code [DONE]}). */
	boolean finished();

	/** Why the answer failed, or null. */
	String error();

	/** The backend's id of the stored answer, null for a model server. */
	Long messageId();

}
