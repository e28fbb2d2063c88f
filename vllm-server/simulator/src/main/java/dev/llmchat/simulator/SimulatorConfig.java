package dev.llmchat.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link VllmSimulator} behaves. Start from {@link #defaults()} and change what matters with the withers.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for a random free one
 * @param modelName the served model name, the only one {@code model} may name
 * @param maxModelLen the context window: prompt plus answer tokens (vLLM's {@code --max-model-len}, llama.cpp's
 * {@code --ctx-size}, Ollama's {@code num_ctx})
 * @param timeToFirstToken the delay before the first chunk of an answer
 * @param tokensPerSecond the pace of the following tokens, 0 for no delay
 * @param answerTokens the answer length in tokens when the request does not say otherwise
 * @param apiKey the key requests must send as {@code Authorization: Bearer KEY}, null for none
 * @param errorShape the JSON shape of vLLM's error bodies
 * @param tokenizeEnabled false to answer vLLM's {@code /tokenize} and {@code /detokenize} with 404
 * @param personality the model server to act as
 * @param numCtxParameter Ollama only: the window is the model's {@code num_ctx} parameter, which {@code /api/show}
 * reports; otherwise it is the server's default context ({@code OLLAMA_CONTEXT_LENGTH}), which only {@code /api/ps}
 * shows once the model is loaded
 */
public record SimulatorConfig(String host, int port, String modelName, int maxModelLen, Duration timeToFirstToken,
		double tokensPerSecond, int answerTokens, String apiKey, ErrorShape errorShape, boolean tokenizeEnabled,
		Personality personality, boolean numCtxParameter) {

	/**
	 * The served model's trained context (Qwen2.5-0.5B's {@code max_position_embeddings}): llama.cpp reports it as
	 * {@code n_ctx_train}, Ollama as {@code qwen2.context_length} and caps {@code num_ctx} at it.
	 */
	static final int TRAINED_CONTEXT_LENGTH = 32768;

	public SimulatorConfig {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(modelName, "modelName");
		Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
		Objects.requireNonNull(errorShape, "errorShape");
		Objects.requireNonNull(personality, "personality");
		require(!host.isBlank(), "host must not be blank");
		require(port >= 0 && port <= 65535, "port must be between 0 and 65535, got " + port);
		require(!modelName.isBlank(), "modelName must not be blank");
		require(maxModelLen >= 1, "maxModelLen must be at least 1, got " + maxModelLen);
		require(!timeToFirstToken.isNegative(), "timeToFirstToken must not be negative, got " + timeToFirstToken);
		require(tokensPerSecond >= 0 && Double.isFinite(tokensPerSecond),
				"tokensPerSecond must be 0 or positive, got " + tokensPerSecond);
		require(answerTokens >= 0, "answerTokens must not be negative, got " + answerTokens);
		require(apiKey == null || !apiKey.isBlank(), "apiKey must be null or not blank");
	}

	public static SimulatorConfig defaults() {
		return new SimulatorConfig("127.0.0.1", 0, "Qwen/Qwen2.5-0.5B-Instruct", 8192, Duration.ZERO, 0, 24, null,
				ErrorShape.NESTED, true, Personality.VLLM, false);
	}

	public SimulatorConfig withHost(String host) {
		return with((copy) -> copy.host = host);
	}

	public SimulatorConfig withPort(int port) {
		return with((copy) -> copy.port = port);
	}

	public SimulatorConfig withModelName(String modelName) {
		return with((copy) -> copy.modelName = modelName);
	}

	public SimulatorConfig withMaxModelLen(int maxModelLen) {
		return with((copy) -> copy.maxModelLen = maxModelLen);
	}

	public SimulatorConfig withTimeToFirstToken(Duration timeToFirstToken) {
		return with((copy) -> copy.timeToFirstToken = timeToFirstToken);
	}

	public SimulatorConfig withTokensPerSecond(double tokensPerSecond) {
		return with((copy) -> copy.tokensPerSecond = tokensPerSecond);
	}

	public SimulatorConfig withAnswerTokens(int answerTokens) {
		return with((copy) -> copy.answerTokens = answerTokens);
	}

	public SimulatorConfig withApiKey(String apiKey) {
		return with((copy) -> copy.apiKey = apiKey);
	}

	public SimulatorConfig withErrorShape(ErrorShape errorShape) {
		return with((copy) -> copy.errorShape = errorShape);
	}

	public SimulatorConfig withTokenizeEnabled(boolean tokenizeEnabled) {
		return with((copy) -> copy.tokenizeEnabled = tokenizeEnabled);
	}

	public SimulatorConfig withPersonality(Personality personality) {
		return with((copy) -> copy.personality = personality);
	}

	public SimulatorConfig withNumCtxParameter(boolean numCtxParameter) {
		return with((copy) -> copy.numCtxParameter = numCtxParameter);
	}

	/**
	 * The window prompts are held to: {@link #maxModelLen()}, which Ollama caps at the trained context as it caps
	 * {@code num_ctx}.
	 */
	int contextWindow() {
		return (this.personality == Personality.OLLAMA) ? Math.min(this.maxModelLen, TRAINED_CONTEXT_LENGTH)
				: this.maxModelLen;
	}

	/**
	 * The delay between two tokens, zero when {@link #tokensPerSecond()} is 0.
	 */
	Duration interTokenDelay() {
		return (this.tokensPerSecond > 0) ? Duration.ofNanos(Math.round(1_000_000_000d / this.tokensPerSecond))
				: Duration.ZERO;
	}

	private SimulatorConfig with(Consumer<Copy> change) {
		Copy copy = new Copy(this);
		change.accept(copy);
		return new SimulatorConfig(copy.host, copy.port, copy.modelName, copy.maxModelLen, copy.timeToFirstToken,
				copy.tokensPerSecond, copy.answerTokens, copy.apiKey, copy.errorShape, copy.tokenizeEnabled,
				copy.personality, copy.numCtxParameter);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/**
	 * The components of a configuration while a wither changes one of them.
	 */
	private static final class Copy {

		String host;

		int port;

		String modelName;

		int maxModelLen;

		Duration timeToFirstToken;

		double tokensPerSecond;

		int answerTokens;

		String apiKey;

		ErrorShape errorShape;

		boolean tokenizeEnabled;

		Personality personality;

		boolean numCtxParameter;

		Copy(SimulatorConfig config) {
			this.host = config.host;
			this.port = config.port;
			this.modelName = config.modelName;
			this.maxModelLen = config.maxModelLen;
			this.timeToFirstToken = config.timeToFirstToken;
			this.tokensPerSecond = config.tokensPerSecond;
			this.answerTokens = config.answerTokens;
			this.apiKey = config.apiKey;
			this.errorShape = config.errorShape;
			this.tokenizeEnabled = config.tokenizeEnabled;
			this.personality = config.personality;
			this.numCtxParameter = config.numCtxParameter;
		}

	}

}
