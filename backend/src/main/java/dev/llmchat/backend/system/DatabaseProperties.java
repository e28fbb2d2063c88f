package dev.llmchat.backend.system;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the data lives.
 *
 * @param url {@code DATABASE_URL}: {@code sqlite:///./app.db} (the Python form), a {@code jdbc:} URL, or
 * {@code postgresql://user:pass@host/db}
 * @param busyTimeout how long SQLite waits for a lock before it reports "database is locked"
 * @param readers SQLite's connections for read-only transactions; SQLite has one writer, so every write goes
 * through one more connection of its own
 * @param poolSize PostgreSQL's connections ({@code DATABASE_POOL_SIZE}), shared by reads and writes
 */
@Validated
@ConfigurationProperties("llmchat.database")
public record DatabaseProperties(@NotBlank String url, @NotNull Duration busyTimeout, @Min(1) @Max(64) int readers,
		@DefaultValue("20") @Min(1) @Max(1000) int poolSize) {

}
