package dev.llmchat.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The simulator's command line, parsed into a configuration and a starting fault.
 *
 * @param config the configuration to start with
 * @param fault the fault to play back from the start
 * @param help whether only the usage was asked for
 */
record CommandLine(SimulatorConfig config, Fault fault, boolean help) {

	static final String USAGE = """
			Usage: java -jar vllm-simulator-exec.jar [options]

			Serves vLLM's OpenAI-compatible API with SIMULATED answers (no model, no GPU), or
			llama.cpp's or Ollama's take on it.

			Options:
			  --port N                 port to listen on (default 8000, 0 = random)
			  --host ADDRESS           address to bind (default 127.0.0.1)
			  --model NAME             served model name (default Qwen/Qwen2.5-0.5B-Instruct)
			  --personality KIND       the server to act as: vllm (default), llamacpp or ollama
			  --max-model-len N        context window in tokens (default 8192); --ctx-size N is the same
			  --num-ctx N              ollama: the window as the model's num_ctx parameter, which
			                           /api/show reports (--ctx-size is then the server's default,
			                           like OLLAMA_CONTEXT_LENGTH, which only /api/ps shows)
			  --ttft-ms N              delay before the first token, in ms (default 0)
			  --tokens-per-second N    pace of the following tokens, 0 = no delay (default 0)
			  --answer-tokens N        default answer length in tokens (default 24)
			  --api-key KEY            require "Authorization: Bearer KEY" (vllm: on /v1/*, llamacpp: all but
			                           health and model lists, ollama: nowhere); also VLLM_API_KEY
			  --error-shape SHAPE      vllm's error bodies: nested (>= 0.10.1, default) or flat (<= 0.10.0)
			  --fault ID               play back a fault from the start: %s
			  --no-tokenize            answer /tokenize and /detokenize with 404, like Ollama
			  --help                   print this help

			Admin: POST /sim/fault {"fault":"<id>"} (refuse-connections also needs "duration_ms"), GET /sim/stats.
			""".formatted(Arrays.stream(Fault.values())
		.filter((fault) -> fault != Fault.NONE && fault != Fault.REFUSE_CONNECTIONS)
		.map(Fault::id)
		.collect(Collectors.joining(", ")));

	static final int DEFAULT_PORT = 8000;

	private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--port", "--host", "--model", "--personality",
			"--max-model-len", "--ctx-size", "--num-ctx", "--ttft-ms", "--tokens-per-second", "--answer-tokens",
			"--api-key", "--error-shape", "--fault");

	/**
	 * Parses the arguments; {@code VLLM_API_KEY} from the environment sets the key unless {@code --api-key} does.
	 * Throws {@link IllegalArgumentException} with a message for the user.
	 */
	static CommandLine parse(String[] args, Map<String, String> environment) {
		String envKey = environment.get("VLLM_API_KEY");
		SimulatorConfig config = SimulatorConfig.defaults()
			.withPort(DEFAULT_PORT)
			.withApiKey((envKey != null && !envKey.isBlank()) ? envKey : null);
		Fault fault = Fault.NONE;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			String value = null;
			int equals = option.indexOf('=');
			if (option.startsWith("--") && equals > 0) {
				value = option.substring(equals + 1);
				option = option.substring(0, equals);
			}
			if (option.equals("--help") || option.equals("-h")) {
				return new CommandLine(config, fault, true);
			}
			if (option.equals("--no-tokenize")) {
				if (value != null) {
					throw new IllegalArgumentException("--no-tokenize takes no value");
				}
				config = config.withTokenizeEnabled(false);
				continue;
			}
			if (!OPTIONS_WITH_VALUE.contains(option)) {
				throw new IllegalArgumentException("Unknown option " + option);
			}
			if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(option + " needs a value");
				}
				value = args[++i];
			}
			try {
				switch (option) {
					case "--port" -> config = config.withPort(integer(option, value));
					case "--host" -> config = config.withHost(value);
					case "--model" -> config = config.withModelName(value);
					case "--personality" -> config = config.withPersonality(Personality.fromId(value));
					case "--max-model-len", "--ctx-size" -> config = config.withMaxModelLen(integer(option, value));
					case "--num-ctx" -> config = config.withMaxModelLen(integer(option, value)).withNumCtxParameter(true);
					case "--ttft-ms" -> config = config.withTimeToFirstToken(Duration.ofMillis(integer(option, value)));
					case "--tokens-per-second" -> config = config.withTokensPerSecond(number(option, value));
					case "--answer-tokens" -> config = config.withAnswerTokens(integer(option, value));
					case "--api-key" -> config = config.withApiKey(value);
					case "--error-shape" -> config = config.withErrorShape(errorShape(value));
					case "--fault" -> fault = startingFault(value);
					default -> throw new IllegalArgumentException("Unknown option " + option);
				}
			}
			catch (IllegalArgumentException ex) {
				throw ex.getMessage().startsWith(option) ? ex
						: new IllegalArgumentException(option + ": " + ex.getMessage(), ex);
			}
		}
		return new CommandLine(config, fault, false);
	}

	private static int integer(String option, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'", ex);
		}
	}

	private static double number(String option, String value) {
		try {
			return Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a number, got '" + value + "'", ex);
		}
	}

	private static ErrorShape errorShape(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "nested" -> ErrorShape.NESTED;
			case "flat" -> ErrorShape.FLAT;
			default -> throw new IllegalArgumentException("expected nested or flat, got '" + value + "'");
		};
	}

	private static Fault startingFault(String value) {
		Fault fault = Fault.fromId(value);
		if (fault == Fault.REFUSE_CONNECTIONS) {
			throw new IllegalArgumentException("refuse-connections from the start is the same as not starting; "
					+ "set it later with POST /sim/fault");
		}
		return fault;
	}

}
