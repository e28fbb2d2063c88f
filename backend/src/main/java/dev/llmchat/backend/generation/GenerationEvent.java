package dev.llmchat.backend.generation;

import java.nio.charset.StandardCharsets;

/**
 * One event of a generation's stream, framed once however many clients follow it: {@code id: N}, {@code data: JSON}
 * (each with the space after the colon, as the original backend, OpenAI and vLLM write them; the original page reads
 * only that form) and a blank line.
 *
 * @param id the sequence number, from 1
 * @param frame the event's bytes as they go on the wire
 */
record GenerationEvent(long id, byte[] frame) {

	private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);

	/** Frames an event; {@code json} is one compact JSON object, so it holds no line break. */
	static GenerationEvent of(long id, byte[] json) {
		byte[] head = ("id: " + id).getBytes(StandardCharsets.US_ASCII);
		byte[] frame = new byte[head.length + DATA.length + json.length + 2];
		System.arraycopy(head, 0, frame, 0, head.length);
		System.arraycopy(DATA, 0, frame, head.length, DATA.length);
		System.arraycopy(json, 0, frame, head.length + DATA.length, json.length);
		frame[frame.length - 2] = '\n';
		frame[frame.length - 1] = '\n';
		return new GenerationEvent(id, frame);
	}

	/** The event's JSON object, as it stands after {@code data: }. */
	String json() {
		int start = Long.toString(this.id).length() + 4 + DATA.length;
		return new String(this.frame, start, this.frame.length - 2 - start, StandardCharsets.UTF_8);
	}

}
