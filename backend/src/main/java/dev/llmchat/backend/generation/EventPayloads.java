package dev.llmchat.backend.generation;

/** The JSON objects of the generation stream (API.md): {@code start}, {@code token}, {@code done}, {@code error}. */
final class EventPayloads {

	private EventPayloads() {
	}

	record Start(String type, Long messageId, String model) {

		Start(Long messageId, String model) {
			this("start", messageId, model);
		}

	}

	record Token(String type, String chunk) {

		Token(String chunk) {
			this("token", chunk);
		}

	}

	record Done(String type, Long messageId, String finishReason, Usage usage, Long ttftMs, Long durationMs,
			String status) {

		Done(Long messageId, String finishReason, Usage usage, Long ttftMs, Long durationMs, String status) {
			this("done", messageId, finishReason, usage, ttftMs, durationMs, status);
		}

	}

	record Error(String type, Long messageId, String error) {

		Error(Long messageId, String error) {
			this("error", messageId, error);
		}

	}

	record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
	}

}
