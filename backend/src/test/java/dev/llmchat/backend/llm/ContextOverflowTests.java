package dev.llmchat.backend.llm;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The numbers of a context refusal in each wording vllm-wire.md section 4 lists, and in llama.cpp's body. */
class ContextOverflowTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void llamaCppsRefusalGivesBothNumbersAsFields() {
		assertThat(read("{\"error\":{\"code\":400,\"message\":\"request (4243 tokens) exceeds the available context "
				+ "size (2048 tokens), try increasing it\",\"type\":\"exceed_context_size_error\","
				+ "\"n_prompt_tokens\":4243,\"n_ctx\":2048}}"))
			.isEqualTo(new ContextOverflow(2048, 4243));
	}

	@Test
	void llamaCppsMessageAloneGivesBothNumbers() {
		assertThat(read("{\"error\":{\"code\":400,\"message\":\"request (4243 tokens) exceeds the available context "
				+ "size (2048 tokens), try increasing it\",\"type\":\"exceed_context_size_error\"}}"))
			.isEqualTo(new ContextOverflow(2048, 4243));
	}

	@Test
	void vllm010PromptAloneTooLongEndingWithNone() {
		assertThat(read(nested("This model's maximum context length is 8192 tokens. However, you requested 9000 "
				+ "tokens in the messages, Please reduce the length of the messages. None")))
			.isEqualTo(new ContextOverflow(8192, 9000));
	}

	@Test
	void vllm010PromptAndCompletionTooLongCountsOnlyTheMessages() {
		assertThat(read(nested("This model's maximum context length is 8192 tokens. However, you requested 9100 "
				+ "tokens (9000 in the messages, 100 in the completion). Please reduce the length of the messages or "
				+ "completion. None")))
			.isEqualTo(new ContextOverflow(8192, 9000));
	}

	@Test
	void vllm0102InputTokensWording() {
		assertThat(read(nested("This model's maximum context length is 8192 tokens. However, your request has 9000 "
				+ "input tokens. Please reduce the length of the input messages.")))
			.isEqualTo(new ContextOverflow(8192, 9000));
	}

	@Test
	void vllm0102MaxTokensTooLargeGivesTheInputTokens() {
		assertThat(read(nested("'max_tokens' or 'max_completion_tokens' is too large: 500. This model's maximum "
				+ "context length is 8192 tokens and your request has 7900 input tokens (500 > 8192 - 7900).")))
			.isEqualTo(new ContextOverflow(8192, 7900));
	}

	@Test
	void vllm015ParameterSuffix() {
		assertThat(read(nested("This model's maximum context length is 4096 tokens. However, your request has 5000 "
				+ "input tokens. Please reduce the length of the input messages. (parameter=input_tokens, value=5000)")))
			.isEqualTo(new ContextOverflow(4096, 5000));
	}

	@Test
	void vllmFlatShapeOfVersion0100() {
		assertThat(read("{\"object\":\"error\",\"message\":\"This model's maximum context length is 2048 tokens. "
				+ "However, you requested 2100 tokens in the messages, Please reduce the length of the messages.\","
				+ "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"))
			.isEqualTo(new ContextOverflow(2048, 2100));
	}

	@Test
	void anUnknownWordingGivesNoNumbers() {
		assertThat(read(nested("The input is longer than the model can take."))).isEqualTo(new ContextOverflow(null, null));
		assertThat(read(nested("maximum context length is 99999999999 tokens"))).isEqualTo(new ContextOverflow(null, null));
	}

	private static String nested(String message) {
		return "{\"error\":{\"message\":" + JSON.writeValueAsString(message)
				+ ",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}";
	}

	private static ContextOverflow read(String body) {
		return ContextOverflow.read(JSON.readTree(body));
	}

}
