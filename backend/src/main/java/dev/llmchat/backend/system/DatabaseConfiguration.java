package dev.llmchat.backend.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database, chosen by {@code DATABASE_URL}: the DataSource, the migrations and Hibernate's dialect.
 * <p>
 * For SQLite every connection gets WAL journaling, a busy timeout and foreign keys, and the database's folder is
 * created first because SQLite does not create it. SQLite has one writer: writes go through one connection whose
 * transactions begin immediately (so a read-then-write transaction never fails with SQLITE_BUSY halfway), and
 * read-only transactions go to a pool of their own, which WAL lets read beside the writer without waiting for it.
 * <p>
 * PostgreSQL is a server with row locks and MVCC: one pool, sized for many writers and readers at once.
 * <p>
 * Public for the copy command ({@code dev.llmchat.backend.copy}), which makes its target database the same way.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

	@Bean
	DatabaseUrl databaseUrl(DatabaseProperties properties) {
		return DatabaseUrl.parse(properties.url());
	}

	@Bean
	RoutingDataSource dataSource(DatabaseUrl url, DatabaseProperties properties) {
		if (url.kind() == DatabaseKind.POSTGRESQL) {
			HikariConfig config = pool("llmchat-db", url.jdbcUrl(), properties.poolSize());
			config.setUsername(url.username());
			config.setPassword(url.password());
			return new RoutingDataSource(new HikariDataSource(config), null);
		}
		url.sqliteFile().map(Path::getParent).ifPresent(DatabaseConfiguration::createFolder);
		String sqlite = url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?")
				+ "journal_mode=WAL&synchronous=NORMAL&foreign_keys=true&busy_timeout="
				+ properties.busyTimeout().toMillis();
		HikariDataSource writer = new HikariDataSource(pool("llmchat-db-write", sqlite + "&transaction_mode=IMMEDIATE", 1));
		HikariConfig readers = pool("llmchat-db-read", sqlite + "&transaction_mode=DEFERRED", properties.readers());
		readers.setConnectionInitSql("pragma query_only = true");
		return new RoutingDataSource(writer, new HikariDataSource(readers));
	}

	@Bean
	FlywayConfigurationCustomizer migrationsOfTheDatabase(DatabaseUrl url) {
		return (configuration) -> configuration.locations(url.kind().migrations());
	}

	@Bean
	HibernatePropertiesCustomizer dialectOfTheDatabase(DatabaseUrl url) {
		return (properties) -> properties.put("hibernate.dialect", url.kind().dialect());
	}

	private static HikariConfig pool(String name, String jdbcUrl, int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(jdbcUrl);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(30_000);
		return config;
	}

	private static void createFolder(Path folder) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the database folder " + folder + ": " + ex.getMessage(), ex);
		}
	}

}
