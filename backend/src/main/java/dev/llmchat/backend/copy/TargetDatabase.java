package dev.llmchat.backend.copy;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.llmchat.backend.system.DatabaseConfiguration;
import dev.llmchat.backend.system.DatabaseProperties;

/**
 * The copy command's Spring context: the database {@code DATABASE_URL} names, with its pool and its Flyway migrations
 * made exactly as the backend makes them, and nothing else (no web server, no model server, no scheduled work).
 * Deliberately not a {@code @Configuration}, so that the backend's component scan leaves it out.
 */
@ImportAutoConfiguration(FlywayAutoConfiguration.class)
@Import(DatabaseConfiguration.class)
@EnableConfigurationProperties(DatabaseProperties.class)
final class TargetDatabase {

}
