package dev.llmchat.backend.llm;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import dev.llmchat.backend.llm.ServerWindows.ShownModel;
import dev.llmchat.simulator.Personality;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a server's answers become windows: vLLM's model list, llama.cpp's bound and the parts of Ollama's rule that
 * need no server (the whole runs against the simulator in ContextWindowTests).
 */
class WindowProbeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final LlmProperties PROPERTIES = new LlmProperties("http://127.0.0.1:9/v1", null, "m",
			Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 8192, Duration.ofSeconds(1),
			Duration.ofSeconds(1), 1);

	@Test
	void vllmCardsGiveTheirMaxModelLenALoraCardItsParentsAndAnyOtherNameTheConfiguredWindow() {
		ServerWindows windows = new WindowProbe(null, PROPERTIES).learn(JSON.readTree("""
				{"object":"list","data":[
				 {"id":"base","object":"model","owned_by":"vllm","root":"base","parent":null,"max_model_len":4096},
				 {"id":"lora","object":"model","owned_by":"vllm","root":"/adapters/lora","parent":"base"}]}
				"""), ServerWindows.unknown(8192)).block();

		assertThat(windows.kind()).isEqualTo(ServerKind.VLLM);
		assertThat(windows.window("base")).isEqualTo(4096);
		assertThat(windows.window("lora")).isEqualTo(4096);
		assertThat(windows.window("other")).isEqualTo(8192);
		assertThat(windows.told("lora")).isTrue();
		assertThat(windows.told("other")).isFalse();
	}

	@Test
	void llamaCppsSlotContextIsHeldToTheModelsTrainedContext() {
		try (VllmSimulator llamaCpp = VllmSimulator
			.start(SimulatorConfig.defaults().withPersonality(Personality.LLAMACPP).withMaxModelLen(65536))) {
			LlmProperties properties = new LlmProperties(llamaCpp.baseUrl(), null, "m", Duration.ofSeconds(2),
					Duration.ofSeconds(2), Duration.ofSeconds(2), 8192, Duration.ofSeconds(2), Duration.ofSeconds(2), 4);
			LlmClient client = new LlmClient(WebClient.builder(), properties, JSON);
			WindowProbe probe = new WindowProbe(client, properties);

			ServerWindows windows = probe.learn(client.models(Duration.ofSeconds(2)).block(), ServerWindows.unknown(8192))
				.block();

			assertThat(windows.kind()).isEqualTo(ServerKind.LLAMA_CPP);
			assertThat(windows.window("any name")).as("n_ctx 65536, n_ctx_train 32768").isEqualTo(32768);
			assertThat(windows.told("any name")).isTrue();
		}
	}

	@Test
	void ollamaGave2048Before067And4096Since() {
		assertThat(WindowProbe.ollamaDefault("0.6.6")).isEqualTo(2048);
		assertThat(WindowProbe.ollamaDefault("0.5.13")).isEqualTo(2048);
		assertThat(WindowProbe.ollamaDefault("0.6.7")).isEqualTo(4096);
		assertThat(WindowProbe.ollamaDefault("0.6.8-rc0")).isEqualTo(4096);
		assertThat(WindowProbe.ollamaDefault("0.12.6")).isEqualTo(4096);
		assertThat(WindowProbe.ollamaDefault("v1.0.0")).isEqualTo(4096);
		assertThat(WindowProbe.ollamaDefault("0.0.0")).as("a development build").isEqualTo(2048);
		assertThat(WindowProbe.ollamaDefault("unknown")).isEqualTo(2048);
	}

	@Test
	void numCtxIsReadFromTheParametersInAnyOrder() {
		String parameters = "stop                           \"<|im_start|>\"\nnum_ctx                        8192\n"
				+ "temperature                    0.7";

		assertThat(WindowProbe.numCtx(parameters)).isEqualTo(8192);
		assertThat(WindowProbe.numCtx("stop                           \"<|im_end|>\"")).isNull();
		assertThat(WindowProbe.numCtx("")).isNull();
		assertThat(WindowProbe.numCtx("num_ctx                        -1")).isNull();
	}

	@Test
	void theTrainedContextIsTheArchitecturesContextLength() {
		assertThat(WindowProbe.trainedContext(JSON.readTree(
				"{\"general.architecture\":\"qwen2\",\"qwen2.context_length\":32768,\"llama.context_length\":8192}")))
			.isEqualTo(32768);
		assertThat(WindowProbe.trainedContext(JSON.readTree("{\"general.architecture\":\"qwen2\"}"))).isNull();
		assertThat(WindowProbe.trainedContext(JSON.readTree("{}"))).isNull();
	}

	@Test
	void ollamasWindowIsNumCtxElseItsDefaultLoweredByASmallerLoadedContextAndNeverAboveTheTrainedOne() {
		assertThat(WindowProbe.ollamaWindow(new ShownModel(1, 8192, 32768), 4096, 2048)).as("num_ctx").isEqualTo(8192);
		assertThat(WindowProbe.ollamaWindow(new ShownModel(1, 65536, 32768), 4096, null)).isEqualTo(32768);
		assertThat(WindowProbe.ollamaWindow(new ShownModel(1, null, 32768), 4096, null)).isEqualTo(4096);
		assertThat(WindowProbe.ollamaWindow(new ShownModel(1, null, 32768), 4096, 2048)).isEqualTo(2048);
		assertThat(WindowProbe.ollamaWindow(new ShownModel(1, null, 32768), 4096, 32768))
			.as("a larger loaded context may be another client's num_ctx").isEqualTo(4096);
		assertThat(WindowProbe.ollamaWindow(new ShownModel(1, null, 2048), 4096, null)).isEqualTo(2048);
		assertThat(WindowProbe.ollamaWindow(null, 4096, null)).as("not shown").isEqualTo(4096);
	}

}
