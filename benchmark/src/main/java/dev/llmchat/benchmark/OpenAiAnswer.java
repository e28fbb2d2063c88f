package dev.llmchat.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer in vLLM's OpenAI-compatible chunks: text in {@code choices[0].delta.content}, the end at
 * {@code data: [DONE]}, a failure as a top-level {@code error} object.
 */
final class OpenAiAnswer implements AnswerReader {

	private final JsonMapper json;

	private final StringBuilder text = new StringBuilder();

	private int pieces;

	private boolean finished;

	private String error;

	OpenAiAnswer(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void read(SseEvent event) {
		if ("[DONE]".equals(event.data())) {
			this.finished = true;
			return;
		}
		JsonNode chunk = this.json.readTree(event.data());
		if (chunk.has("error")) {
			this.error = chunk.path("error").path("message").asString("an error frame");
			return;
		}
		String content = chunk.path("choices").path(0).path("delta").path("content").asString("");
		if (!content.isEmpty()) {
			this.text.append(content);
			this.pieces++;
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
		return null;
	}

}
