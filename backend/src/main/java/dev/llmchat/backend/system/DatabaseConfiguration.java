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
 * The DataSource, built from {@code DATABASE_URL}. For SQLite every connection gets WAL journaling, a busy timeout
 * and foreign keys, and the database's folder is created first because SQLite does not create it. SQLite has one
 * writer: writes go through one connection whose transactions begin immediately (so a read-then-write transaction
 * never fails with SQLITE_BUSY halfway), and read-only transactions go to a pool of their own, which WAL lets read
 * beside the writer without waiting for it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	DatabaseUrl databaseUrl(DatabaseProperties properties) {
		return DatabaseUrl.parse(properties.url());
	}

	@Bean
	RoutingDataSource dataSource(DatabaseUrl url, DatabaseProperties properties) {
		if (!url.isSqlite()) {
			requireDriverFor(url);
			HikariConfig config = pool("llmchat-db", url.jdbcUrl(), properties.readers() + 1);
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

	private static HikariConfig pool(String name, String jdbcUrl, int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(jdbcUrl);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(30_000);
		return config;
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
