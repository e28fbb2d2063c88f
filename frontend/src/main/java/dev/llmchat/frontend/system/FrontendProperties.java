package dev.llmchat.frontend.system;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the frontend can be told from outside, under the prefix {@code frontend}.
 *
 * @param backendUrl where the backend's REST API answers ({@code BACKEND_URL})
 * @param connectTimeout how long to wait for a TCP connection to the backend
 * @param readTimeout how long a page waits for one backend answer
 * @param healthTimeout how long {@code /health} waits for the backend before it says unhealthy
 * @param streamTimeout the longest a relayed answer stream (or a whole answer without streaming) may take
 * @param streamIdleTimeout the longest silence on a relayed stream before it is given up
 * @param importMaxSize the largest file the import page takes ({@code IMPORT_MAX_SIZE}); the backend has its own
 * limit too
 */
@Validated
@ConfigurationProperties("frontend")
public record FrontendProperties(
		@NotNull URI backendUrl,
		@NotNull @DefaultValue("2s") Duration connectTimeout,
		@NotNull @DefaultValue("30s") Duration readTimeout,
		@NotNull @DefaultValue("2s") Duration healthTimeout,
		@NotNull @DefaultValue("30m") Duration streamTimeout,
		@NotNull @DefaultValue("5m") Duration streamIdleTimeout,
		@NotNull @DefaultValue("20MB") DataSize importMaxSize) {
}
