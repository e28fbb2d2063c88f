package dev.llmchat.simulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SimulatorConfigTests {

	@Test
	void defaultsMatchTheQwenDeploymentWithoutDelays() {
		SimulatorConfig config = SimulatorConfig.defaults();

		assertThat(config).isEqualTo(new SimulatorConfig("127.0.0.1", 0, "Qwen/Qwen2.5-0.5B-Instruct", 8192,
				Duration.ZERO, 0, 24, null, ErrorShape.NESTED, true, Personality.VLLM, false));
	}

	@Test
	void withersChangeOneComponentEach() {
		SimulatorConfig config = SimulatorConfig.defaults()
			.withHost("0.0.0.0")
			.withPort(8080)
			.withModelName("m")
			.withMaxModelLen(100)
			.withTimeToFirstToken(Duration.ofMillis(5))
			.withTokensPerSecond(50)
			.withAnswerTokens(3)
			.withApiKey("k")
			.withErrorShape(ErrorShape.FLAT)
			.withTokenizeEnabled(false)
			.withPersonality(Personality.OLLAMA)
			.withNumCtxParameter(true);

		assertThat(config).isEqualTo(new SimulatorConfig("0.0.0.0", 8080, "m", 100, Duration.ofMillis(5), 50, 3, "k",
				ErrorShape.FLAT, false, Personality.OLLAMA, true));
		assertThat(config.interTokenDelay()).isEqualTo(Duration.ofMillis(20));
		assertThat(SimulatorConfig.defaults().interTokenDelay()).isZero();
	}

	@Test
	void ollamaHoldsPromptsToTheTrainedContextWhenItsWindowIsLarger() {
		SimulatorConfig large = SimulatorConfig.defaults().withMaxModelLen(65536);

		assertThat(large.contextWindow()).isEqualTo(65536);
		assertThat(large.withPersonality(Personality.OLLAMA).contextWindow())
			.isEqualTo(SimulatorConfig.TRAINED_CONTEXT_LENGTH);
		assertThat(large.withPersonality(Personality.OLLAMA).withMaxModelLen(2048).contextWindow()).isEqualTo(2048);
	}

	@Test
	void rejectsValuesThatCannotWork() {
		SimulatorConfig config = SimulatorConfig.defaults();

		assertThatIllegalArgumentException().isThrownBy(() -> config.withPort(70000)).withMessageContaining("port");
		assertThatIllegalArgumentException().isThrownBy(() -> config.withMaxModelLen(0))
			.withMessageContaining("maxModelLen");
		assertThatIllegalArgumentException().isThrownBy(() -> config.withTokensPerSecond(-1))
			.withMessageContaining("tokensPerSecond");
		assertThatIllegalArgumentException().isThrownBy(() -> config.withAnswerTokens(-1))
			.withMessageContaining("answerTokens");
		assertThatIllegalArgumentException().isThrownBy(() -> config.withTimeToFirstToken(Duration.ofMillis(-1)))
			.withMessageContaining("timeToFirstToken");
		assertThatIllegalArgumentException().isThrownBy(() -> config.withApiKey(" ")).withMessageContaining("apiKey");
	}

}
