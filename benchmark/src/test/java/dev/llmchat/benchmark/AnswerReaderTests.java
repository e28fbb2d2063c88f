package dev.llmchat.benchmark;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerReaderTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void modelServerTextIsTheNonEmptyDeltasUntilDone() {
		OpenAiAnswer answer = new OpenAiAnswer(this.json);
		answer.read(new SseEvent(null, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
		assertThat(answer.pieces()).isZero();
		answer.read(new SseEvent(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));
		answer.read(new SseEvent(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}"));
		answer.read(new SseEvent(null, "{\"choices\":[],\"usage\":{\"completion_tokens\":2}}"));
		assertThat(answer.finished()).isFalse();
		answer.read(new SseEvent(null, "[DONE]"));
		assertThat(answer.finished()).isTrue();
		assertThat(answer.text()).isEqualTo("Hi there");
		assertThat(answer.pieces()).isEqualTo(2);
	}

	@Test
	void modelServerErrorFrameFailsTheAnswer() {
		OpenAiAnswer answer = new OpenAiAnswer(this.json);
		answer.read(new SseEvent(null, "{\"error\":{\"message\":\"boom\",\"code\":400}}"));
		answer.read(new SseEvent(null, "[DONE]"));
		assertThat(answer.finished()).isFalse();
		assertThat(answer.error()).isEqualTo("boom");
	}

	@Test
	void backendEventsGiveTextAndTheStoredMessageId() {
		ChatAnswer answer = new ChatAnswer(this.json);
		answer.read(new SseEvent("1", "{\"type\":\"start\",\"message_id\":42,\"model\":\"m\"}"));
		answer.read(new SseEvent("2", "{\"type\":\"token\",\"chunk\":\"Hello\"}"));
		answer.read(new SseEvent("3", "{\"type\":\"token\",\"chunk\":\" world\"}"));
		answer.read(new SseEvent("4", "{\"type\":\"done\",\"message_id\":42,\"finish_reason\":\"stop\"}"));
		assertThat(answer.finished()).isTrue();
		assertThat(answer.text()).isEqualTo("Hello world");
		assertThat(answer.messageId()).isEqualTo(42L);
	}

	@Test
	void backendErrorEventFailsTheAnswer() {
		ChatAnswer answer = new ChatAnswer(this.json);
		answer.read(new SseEvent("1", "{\"type\":\"error\",\"error\":\"The model server failed.\"}"));
		assertThat(answer.finished()).isFalse();
		assertThat(answer.error()).isEqualTo("The model server failed.");
	}

}
