package dev.llmchat.backend.support;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.llmchat.backend.system.DatabaseKind;
import dev.llmchat.backend.system.DatabaseUrl;
import dev.llmchat.testsupport.PostgresDatabase;

/**
 * A fresh PostgreSQL database with this release's migrations, a pool and transactions on it, without a backend:
 * for a test of one class that keeps its state in the database. Closing it drops the database.
 */
public final class MigratedPostgres implements AutoCloseable {

	private final PostgresDatabase database;

	private final HikariDataSource pool = new HikariDataSource();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public MigratedPostgres(String purpose) {
		this.database = PostgresDatabase.create(purpose);
		DatabaseUrl url = DatabaseUrl.parse(this.database.url());
		this.pool.setJdbcUrl(url.jdbcUrl());
		this.pool.setUsername(url.username());
		this.pool.setMaximumPoolSize(20);
		Flyway.configure().dataSource(this.pool).locations(DatabaseKind.POSTGRESQL.migrations()).load().migrate();
		this.jdbc = new JdbcTemplate(this.pool);
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(this.pool));
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	public TransactionTemplate transactions() {
		return this.transactions;
	}

	@Override
	public void close() {
		this.pool.close();
		this.database.close();
	}

}
