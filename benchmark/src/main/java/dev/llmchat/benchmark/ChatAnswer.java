package dev.llmchat.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer in the backend's events ({@code start}, {@code token}, {@code done}, {@code error}), which the frontend
 * relays unchanged.
 */
final class ChatAnswer extends AnswerReader {

	private Long messageId;

	ChatAnswer(JsonMapper json) {
		super(json);
	}

	@Override
	void read(SseEvent event) {
		JsonNode payload = this.json.readTree(event.data());
		switch (payload.path("type").asString("")) {
			case "start" -> this.messageId = payload.path("message_id").asLong();
			case "token" -> received(payload.path("chunk").asString(""));
			case "done" -> {
				ended();
				if (this.messageId == null) {
					this.messageId = payload.path("message_id").asLong();
				}
			}
			case "error" -> failed(payload.path("error").asString("an error event"));
			default -> {
				// events a newer backend may add
			}
		}
	}

	@Override
	Long messageId() {
		return this.messageId;
	}

}
