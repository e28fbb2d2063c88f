package dev.llmchat.simulator;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CommandLineTests {

	@Test
	void parsesEveryOption() {
		CommandLine commandLine = CommandLine.parse(new String[] { "--port", "8080", "--host", "0.0.0.0", "--model",
				"m", "--max-model-len", "4096", "--ttft-ms", "50", "--tokens-per-second", "12.5", "--answer-tokens", "7",
				"--api-key", "k", "--error-shape", "flat", "--fault", "stall-mid-stream", "--no-tokenize",
				"--personality", "ollama" }, Map.of());

		assertThat(commandLine.config()).isEqualTo(new SimulatorConfig("0.0.0.0", 8080, "m", 4096,
				Duration.ofMillis(50), 12.5, 7, "k", ErrorShape.FLAT, false, Personality.OLLAMA, false));
		assertThat(commandLine.fault()).isEqualTo(Fault.STALL_MID_STREAM);
		assertThat(commandLine.help()).isFalse();
	}

	@Test
	void defaultsToVllmsPortAndAcceptsOptionEqualsValue() {
		assertThat(CommandLine.parse(new String[0], Map.of()).config())
			.isEqualTo(SimulatorConfig.defaults().withPort(8000));
		assertThat(CommandLine.parse(new String[] { "--port=9001" }, Map.of()).config().port()).isEqualTo(9001);
	}

	@Test
	void ctxSizeSetsTheWindowAsMaxModelLenDoesAndNumCtxMakesItTheModelsOllamaParameter() {
		SimulatorConfig llamaCpp = parse("--personality", "llamacpp", "--ctx-size", "2048").config();
		SimulatorConfig ollama = parse("--personality", "OLLAMA", "--num-ctx", "2048").config();

		assertThat(llamaCpp.personality()).isEqualTo(Personality.LLAMACPP);
		assertThat(llamaCpp.maxModelLen()).isEqualTo(2048);
		assertThat(llamaCpp.numCtxParameter()).isFalse();
		assertThat(ollama.personality()).isEqualTo(Personality.OLLAMA);
		assertThat(ollama.maxModelLen()).isEqualTo(2048);
		assertThat(ollama.numCtxParameter()).isTrue();
	}

	@Test
	void takesTheApiKeyFromTheEnvironmentUnlessTheCommandLineGivesOne() {
		Map<String, String> environment = Map.of("VLLM_API_KEY", "from-env");

		assertThat(CommandLine.parse(new String[0], environment).config().apiKey()).isEqualTo("from-env");
		assertThat(CommandLine.parse(new String[] { "--api-key", "from-cli" }, environment).config().apiKey())
			.isEqualTo("from-cli");
	}

	@Test
	void rejectsBadArgumentsWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--port", "eighty"))
			.withMessage("--port needs a whole number, got 'eighty'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--port")).withMessage("--port needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--colour", "blue"))
			.withMessage("Unknown option --colour");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--verbose")).withMessage("Unknown option --verbose");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--ttft-ms", "-5"))
			.withMessage("--ttft-ms: timeToFirstToken must not be negative, got PT-0.005S");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--error-shape", "round"))
			.withMessage("--error-shape: expected nested or flat, got 'round'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--fault", "meteor"))
			.withMessageStartingWith("--fault: Unknown fault 'meteor'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--fault", "refuse-connections"))
			.withMessageContaining("POST /sim/fault");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--personality", "tgi"))
			.withMessage("--personality: expected one of vllm, llamacpp, ollama, got 'tgi'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--max-model-len", "0"))
			.withMessage("--max-model-len: maxModelLen must be at least 1, got 0");
	}

	private static CommandLine parse(String... args) {
		return CommandLine.parse(args, Map.of());
	}

}
