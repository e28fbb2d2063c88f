package dev.llmchat.backend.generation;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How answers are generated.
 *
 * @param defaultSystemPrompt sent when a chat has no system prompt of its own
 * @param answerReserveTokens context kept free for the answer when the request sets no max_tokens
 * @param flushInterval how often the text of streaming answers is written to the database
 * @param maxPromptBytes the largest prompt accepted (413 above)
 * @param perUserPerMinute generations one user may start per minute (429 above)
 * @param lease how long a replica owns a running answer without renewing it; then any replica may end it
 * @param leaseRenewal how often a replica renews its answers' leases and ends the answers whose lease ran out
 * @param modelTitles whether the model titles a chat after its first answer ({@code MODEL_TITLES}); without, the chat
 * keeps the first words of its first question
 */
@Validated
@ConfigurationProperties("llmchat.generation")
public record GenerationProperties(String defaultSystemPrompt, @Min(16) int answerReserveTokens,
		@NotNull Duration flushInterval, @Min(1) int maxPromptBytes,
		@DefaultValue("60") @Min(1) int perUserPerMinute, @NotNull Duration lease, @NotNull Duration leaseRenewal,
		@DefaultValue("true") boolean modelTitles) {

	public GenerationProperties {
		if (lease != null && leaseRenewal != null && leaseRenewal.multipliedBy(2).compareTo(lease) > 0) {
			throw new IllegalArgumentException("llmchat.generation.lease (" + lease + ") must be at least twice "
					+ "llmchat.generation.lease-renewal (" + leaseRenewal + "), or a live replica's answers would be "
					+ "ended by the others");
		}
	}

}
