package dev.llmchat.backend.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one DataSource, built from {@code DATABASE_URL}. For SQLite every connection gets WAL journaling, a busy
 * timeout, foreign keys and immediate transactions (so a read-then-write transaction never fails with
 * SQLITE_BUSY halfway), and the database's folder is created first because SQLite does not create it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	DatabaseUrl databaseUrl(DatabaseProperties properties) {
		return DatabaseUrl.parse(properties.url());
	}

	@Bean
	DataSource dataSource(DatabaseUrl url, DatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("llmchat-db");
		config.setMaximumPoolSize(properties.poolSize());
		config.setMinimumIdle(1);
		config.setConnectionTimeout(30_000);
		if (url.isSqlite()) {
			url.sqliteFile().map(Path::getParent).ifPresent(DatabaseConfiguration::createFolder);
			config.setJdbcUrl(url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?") + "journal_mode=WAL&synchronous=NORMAL"
					+ "&foreign_keys=true&transaction_mode=IMMEDIATE&busy_timeout=" + properties.busyTimeout().toMillis());
		}
		else {
			requireDriverFor(url);
			config.setJdbcUrl(url.jdbcUrl());
			config.setUsername(url.username());
			config.setPassword(url.password());
		}
		return new HikariDataSource(config);
	}

	/**
	 * This build ships the SQLite driver and SQLite migrations only; another database's URL is understood but needs its
	 * driver and migrations added, which is said plainly instead of failing later with a driver error.
	 */
	private static void requireDriverFor(DatabaseUrl url) {
		try {
			java.sql.DriverManager.getDriver(url.jdbcUrl());
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("DATABASE_URL points to " + url.jdbcUrl().replaceAll("//[^/]*@", "//")
					+ ", but this build includes only SQLite. Use sqlite:///./data/app.db, or add the database's JDBC "
					+ "driver and migrations.", ex);
		}
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
