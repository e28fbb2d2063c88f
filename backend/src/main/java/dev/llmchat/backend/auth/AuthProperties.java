package dev.llmchat.backend.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication settings.
 *
 * @param secretKey {@code SECRET_KEY}, the HS256 signing key (at least 32 bytes); when empty a random key is
 * generated once and kept beside a SQLite database, or in a PostgreSQL database for every replica to read
 * @param tokenTtl how long an access token is valid
 * @param maxFailuresPerAccount failed logins for one e-mail within {@code failureWindow} before it is throttled
 * @param maxFailuresPerAddress failed logins from one client address within {@code failureWindow} before it is
 * throttled
 * @param failureWindow the window failed logins are counted in
 * @param maxLoginWait how long a login may wait for its turn while other attempts for its account or address are
 * being checked, before it is refused as busy
 */
@Validated
@ConfigurationProperties("llmchat.auth")
public record AuthProperties(String secretKey, @NotNull Duration tokenTtl,
		@DefaultValue("5") @Min(1) int maxFailuresPerAccount, @DefaultValue("20") @Min(1) int maxFailuresPerAddress,
		@DefaultValue("15m") Duration failureWindow, @DefaultValue("20s") Duration maxLoginWait) {

}
