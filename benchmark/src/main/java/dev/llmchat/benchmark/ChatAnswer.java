package dev.llmchat.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer in the backend's events ({@code start}, {@code token}, {@code done}, {@code error}), which the frontend
 * relays unchanged.
 */
final class ChatAnswer implements AnswerReader {

	private final JsonMapper json;

	private final StringBuilder text = new StringBuilder();

	private int pieces;

	private boolean finished;

	private String error;

	private Long messageId;

	ChatAnswer(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void read(SseEvent event) {
		JsonNode payload = this.json.readTree(event.data());
		switch (payload.path("type").asString("")) {
			case "start" -> this.messageId = payload.path("message_id").asLong();
			case "token" -> {
				this.text.append(payload.path("chunk").asString(""));
				this.pieces++;
			}
			case "done" -> {
				this.finished = true;
				if (this.messageId == null) {
					this.messageId = payload.path("message_id").asLong();
				}
			}
			case "error" -> this.error = payload.path("error").asString("an error event");
			default -> {
				// events a newer backend may add
			}
		}
	}

	@Override
	public int pieces() {
		return this.pieces;
	}

	@Override
	public String text() {
		return this.text.toString();
	}

	@Override
	public boolean finished() {
		return this.finished && this.error == null;
	}

	@Override
	public String error() {
		return this.error;
	}

	@Override
	public Long messageId() {
		return this.messageId;
	}

}
