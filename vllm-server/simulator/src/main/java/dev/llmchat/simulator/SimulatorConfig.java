package dev.llmchat.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link VllmSimulator} behaves. Start from {@link #defaults()} and change what matters with the withers.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for a random free one
 * @param modelName the served model name, the only one {@code model} may name
 * @param maxModelLen the context length: prompt plus answer tokens
 * @param timeToFirstToken the delay before the first chunk of an answer
 * @param tokensPerSecond the pace of the following tokens, 0 for no delay
 * @param answerTokens the answer length in tokens when the request does not say otherwise
 * @param apiKey the key {@code /v1/*} requests must send as {@code Authorization: Bearer KEY}, null for none
 * @param errorShape the JSON shape of error bodies
 * @param tokenizeEnabled false to answer {@code /tokenize} and {@code /detokenize} with 404, as Ollama does
 */
public record SimulatorConfig(String host, int port, String modelName, int maxModelLen, Duration timeToFirstToken,
		double tokensPerSecond, int answerTokens, String apiKey, ErrorShape errorShape, boolean tokenizeEnabled) {

	public SimulatorConfig {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(modelName, "modelName");
		Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
		Objects.requireNonNull(errorShape, "errorShape");
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
				ErrorShape.NESTED, true);
	}

	public SimulatorConfig withHost(String host) {
		return new SimulatorConfig(host, this.port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withPort(int port) {
		return new SimulatorConfig(this.host, port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withModelName(String modelName) {
		return new SimulatorConfig(this.host, this.port, modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withMaxModelLen(int maxModelLen) {
		return new SimulatorConfig(this.host, this.port, this.modelName, maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withTimeToFirstToken(Duration timeToFirstToken) {
		return new SimulatorConfig(this.host, this.port, this.modelName, this.maxModelLen, timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withTokensPerSecond(double tokensPerSecond) {
		return new SimulatorConfig(this.host, this.port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withAnswerTokens(int answerTokens) {
		return new SimulatorConfig(this.host, this.port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, answerTokens, this.apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withApiKey(String apiKey) {
		return new SimulatorConfig(this.host, this.port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, apiKey, this.errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withErrorShape(ErrorShape errorShape) {
		return new SimulatorConfig(this.host, this.port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, errorShape, this.tokenizeEnabled);
	}

	public SimulatorConfig withTokenizeEnabled(boolean tokenizeEnabled) {
		return new SimulatorConfig(this.host, this.port, this.modelName, this.maxModelLen, this.timeToFirstToken,
				this.tokensPerSecond, this.answerTokens, this.apiKey, this.errorShape, tokenizeEnabled);
	}

	/**
	 * The delay between two tokens, zero when {@link #tokensPerSecond()} is 0.
	 */
	Duration interTokenDelay() {
		return (this.tokensPerSecond > 0) ? Duration.ofNanos(Math.round(1_000_000_000d / this.tokensPerSecond))
				: Duration.ZERO;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
