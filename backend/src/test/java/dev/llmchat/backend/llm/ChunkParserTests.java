package dev.llmchat.backend.llm;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chunks as vLLM, Ollama and llama.cpp send them (vllm-wire.md sections 3 and 10). */
class ChunkParserTests {

	private final ChunkParser parser = new ChunkParser(JsonMapper.builder().build());

	@Test
	void vllmRoleChunkCarriesNoText() {
		assertThat(parse("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}"))
			.isEmpty();
	}

	@Test
	void vllmContentAndFinishChunkWithTextAreBothRead() {
		assertThat(parse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"logprobs\":null,\"finish_reason\":null}]}"))
			.containsExactly(new LlmChunk.Token(" world"));
		assertThat(parse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"logprobs\":null,"
				+ "\"finish_reason\":\"length\",\"stop_reason\":null}]}"))
			.containsExactly(new LlmChunk.Token("!"), new LlmChunk.Finish("length"));
	}

	@Test
	void aNulCharacterInTheModelsTextBecomesTheReplacementCharacterThatEveryDatabaseStores() {
		assertThat(parse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\u0000b\"},\"finish_reason\":null}]}"))
			.containsExactly(new LlmChunk.Token("a\uFFFDb"));
	}

	@Test
	void theUsageChunkWithEmptyChoicesIsRead() {
		assertThat(parse("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
				+ "\"usage\":{\"prompt_tokens\":12,\"total_tokens\":20,\"completion_tokens\":8}}"))
			.containsExactly(new LlmChunk.Usage(12, 8));
	}

	@Test
	void ollamaChunksWithRoleOnEveryDeltaAreRead() {
		assertThat(parse("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen2.5:0.5b\","
				+ "\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
				+ "\"finish_reason\":null}]}"))
			.containsExactly(new LlmChunk.Token("Hi"));
	}

	@Test
	void llamaCppNullContentAndUsageOnTheFinishChunkAreRead() {
		assertThat(parse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}")).isEmpty();
		assertThat(parse("{\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],"
				+ "\"usage\":{\"completion_tokens\":3,\"prompt_tokens\":9,\"total_tokens\":12},\"timings\":{}}"))
			.containsExactly(new LlmChunk.Finish("stop"), new LlmChunk.Usage(9, 3));
	}

	@Test
	void errorFramesOfEveryShapeFailWithTheServersMessage() {
		assertThatThrownBy(() -> parse("{\"error\":{\"message\":\"bad things\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"))
			.isInstanceOf(LlmException.class)
			.hasMessageContaining("bad things")
			.extracting(ex -> ((LlmException) ex).kind())
			.isEqualTo(LlmException.Kind.STREAM_ERROR);
		assertThatThrownBy(() -> parse("{\"error\":{\"object\":\"error\",\"message\":\"old shape\",\"code\":400}}"))
			.hasMessageContaining("old shape");
		assertThatThrownBy(() -> parse("{\"error\":\"Unauthorized\"}")).hasMessageContaining("Unauthorized");
		assertThatThrownBy(() -> this.parser.parse(new SseDecoder.Event("{\"code\":500,\"message\":\"llama\",\"type\":\"server_error\"}", true)))
			.hasMessageContaining("llama");
	}

	@Test
	void fieldsNotReadAreSkippedWhateverTheirShapeAndOnlyTheFirstChoiceCounts() {
		assertThat(parse("{\"logprobs\":{\"content\":[{\"token\":\"x\",\"top\":[1,[2,{\"a\":\"b\"}]]}]},"
				+ "\"choices\":[{\"delta\":{\"tool_calls\":[{\"content\":\"no\"}],\"content\":\"yes\"},"
				+ "\"logprobs\":{\"content\":null},\"finish_reason\":null},{\"delta\":{\"content\":\"second\"}}],"
				+ "\"usage\":null,\"system_fingerprint\":\"fp\"}"))
			.containsExactly(new LlmChunk.Token("yes"));
		assertThat(parse("{\"choices\":[\"odd\",{\"delta\":{\"content\":\"second\"}}],\"usage\":{\"prompt_tokens\":1}}"))
			.isEmpty();
		assertThat(parse("{\"choices\":{},\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"details\":{\"x\":[1]}}}"))
			.containsExactly(new LlmChunk.Usage(4, 2));
	}

	@Test
	void somethingThatIsNotJsonIsMalformed() {
		assertThatThrownBy(() -> parse("{\"id\": broken")).isInstanceOf(LlmException.class)
			.extracting(ex -> ((LlmException) ex).kind())
			.isEqualTo(LlmException.Kind.MALFORMED);
		assertThatThrownBy(() -> parse("42")).extracting(ex -> ((LlmException) ex).kind())
			.isEqualTo(LlmException.Kind.MALFORMED);
		assertThatThrownBy(() -> parse("{\"choices\":[]} {\"choices\":[]}")).extracting(ex -> ((LlmException) ex).kind())
			.isEqualTo(LlmException.Kind.MALFORMED);
	}

	private List<LlmChunk> parse(String data) {
		return this.parser.parse(new SseDecoder.Event(data, false));
	}

}
