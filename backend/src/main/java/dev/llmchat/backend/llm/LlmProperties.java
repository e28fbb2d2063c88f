package dev.llmchat.backend.llm;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The OpenAI-compatible model server.
 *
 * @param baseUrl {@code LLM_SERVER_BASE_URL}, ending in {@code /v1}
 * @param apiKey {@code OPENAI_API_KEY}, sent as the bearer key when set
 * @param defaultModel {@code MODELO_LLM}, used when neither the request nor the chat names a model
 * @param connectTimeout how long to wait for a connection
 * @param firstTokenTimeout how long to wait for the first piece of an answer (covers queueing and prefill)
 * @param idleTimeout how long the stream may stay silent between two pieces
 * @param maxModelLen the context window when the server does not report {@code max_model_len}
 * @param healthTimeout the longest a health probe waits
 * @param healthCache how long a probe's result is reused
 * @param maxConnections connections kept to the model server, which is also the number of streams at once
 */
@Validated
@ConfigurationProperties("llmchat.llm")
public record LlmProperties(@NotBlank String baseUrl, String apiKey, @NotBlank String defaultModel,
		@NotNull Duration connectTimeout, @NotNull Duration firstTokenTimeout, @NotNull Duration idleTimeout,
		@Min(256) int maxModelLen, @NotNull Duration healthTimeout, @NotNull Duration healthCache,
		@DefaultValue("4096") @Min(1) int maxConnections) {

	public LlmProperties {
		baseUrl = baseUrl.strip().replaceAll("/+$", "");
		URI.create(baseUrl);
	}

	/** The server's root, where vLLM serves {@code /tokenize} and {@code /health} outside {@code /v1}. */
	String rootUrl() {
		return this.baseUrl.endsWith("/v1") ? this.baseUrl.substring(0, this.baseUrl.length() - 3) : this.baseUrl;
	}

	boolean hasApiKey() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

}
