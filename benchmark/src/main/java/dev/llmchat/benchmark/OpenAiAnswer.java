package dev.llmchat.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer in vLLM's OpenAI-compatible chunks: text in {@code choices[0].delta.content}, the end at
 * {@code data: [DONE]}, a failure as a top-level {@code error} object.
 */
final class OpenAiAnswer extends AnswerReader {

	OpenAiAnswer(JsonMapper json) {
		super(json);
	}

	@Override
	void read(SseEvent event) {
		if ("[DONE]".equals(event.data())) {
			ended();
			return;
		}
		JsonNode chunk = this.json.readTree(event.data());
		if (chunk.has("error")) {
			failed(chunk.path("error").path("message").asString("an error frame"));
			return;
		}
		String content = chunk.path("choices").path(0).path("delta").path("content").asString("");
		if (!content.isEmpty()) {
			received(content);
		}
	}

	@Override
	Long messageId() {
		return null;
	}

}
