package dev.llmchat.frontend.session;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The browser's session, under the prefix {@code frontend.session}. It lives in cookies sealed with a key derived
 * from {@code secret}, so every replica that has the same secret reads it.
 *
 * @param secret {@code SESSION_SECRET}: at least 32 characters; when empty, a random key of this process (its
 * sessions end when it stops, and no other replica can read them)
 * @param previousSecret {@code SESSION_SECRET_PREVIOUS}: a secret being rotated out, whose cookies are still
 * accepted (never used to seal new ones)
 * @param timeout {@code SESSION_TIMEOUT}: a session unused for this long is over
 */
@Validated
@ConfigurationProperties("frontend.session")
public record SessionProperties(
		@Size(min = 32, message = "must be at least 32 characters (openssl rand -base64 48 makes one), or empty") String secret,
		@Size(min = 32, message = "must be at least 32 characters, or empty") String previousSecret,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("8h") Duration timeout) {

	public SessionProperties {
		// an empty environment variable (as docker compose passes an unset one) means "not set"
		secret = (secret == null || secret.isBlank()) ? null : secret;
		previousSecret = (previousSecret == null || previousSecret.isBlank()) ? null : previousSecret;
	}

}
