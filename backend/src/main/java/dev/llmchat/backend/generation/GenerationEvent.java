package dev.llmchat.backend.generation;

import org.springframework.http.codec.ServerSentEvent;

/**
 * One event of a generation's stream: its sequence number (the SSE {@code id:}) and its JSON, serialized once
 * however many clients follow the stream.
 */
record GenerationEvent(long id, String json) {

	ServerSentEvent<String> toServerSentEvent() {
		return ServerSentEvent.builder(this.json).id(Long.toString(this.id)).build();
	}

}
