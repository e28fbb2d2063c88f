package dev.llmchat.backend.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseConfigurationTests {

	@TempDir
	Path folder;

	@Test
	void theDatabasesFolderIsCreatedWhenMissing() throws Exception {
		Path file = this.folder.resolve("nested/deeper/app.db");
		try (RoutingDataSource dataSource = dataSource(file)) {
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
		}
		assertThat(file).exists();
	}

	@Test
	void aReadOnlyConnectionReadsWhatTheWriterCommittedAndCannotWrite() throws Exception {
		try (RoutingDataSource dataSource = dataSource(this.folder.resolve("app.db"))) {
			try (Connection writer = dataSource.getConnection()) {
				writer.createStatement().execute("create table notes (text varchar)");
				writer.createStatement().execute("insert into notes values ('kept')");
			}
			try (Connection reader = dataSource.getConnection()) {
				reader.setReadOnly(true);
				var rows = reader.createStatement().executeQuery("select text from notes");
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("kept");
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> reader.createStatement().execute("insert into notes values ('lost')"))
					.withMessageContaining("readonly");
				reader.setReadOnly(false);
			}
		}
	}

	@Test
	void aReaderIsNotKeptWaitingByAnOpenWriteTransaction() throws Exception {
		try (RoutingDataSource dataSource = dataSource(this.folder.resolve("app.db"))) {
			try (Connection writer = dataSource.getConnection()) {
				writer.createStatement().execute("create table notes (text varchar)");
				writer.setAutoCommit(false);
				writer.createStatement().execute("insert into notes values ('not yet')");
				try (Connection reader = dataSource.getConnection()) {
					reader.setReadOnly(true);
					long started = System.nanoTime();
					var rows = reader.createStatement().executeQuery("select count(*) from notes");
					rows.next();
					assertThat(rows.getInt(1)).isZero();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				}
				writer.rollback();
			}
		}
	}

	@Test
	void aPostgresqlUrlGivesOnePoolOfTheConfiguredSizeThatReadsAndWrites() throws Exception {
		String unavailable = PostgresDatabase.unavailable();
		Assumptions.assumeTrue(unavailable == null, unavailable);
		try (PostgresDatabase database = PostgresDatabase.create("config");
				RoutingDataSource dataSource = new DatabaseConfiguration().dataSource(DatabaseUrl.parse(database.url()),
						new DatabaseProperties(database.url(), Duration.ofSeconds(3), 2, 7))) {
			try (Connection connection = dataSource.getConnection()) {
				connection.createStatement().execute("create table notes (text varchar)");
				connection.createStatement().execute("insert into notes values ('kept')");
			}
			try (Connection reader = dataSource.getConnection()) {
				reader.setReadOnly(true);
				var rows = reader.createStatement().executeQuery("select text from notes");
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("kept");
				reader.setReadOnly(false);
			}
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			assertThat(pool.getMaximumPoolSize()).isEqualTo(7);
		}
	}

	private static RoutingDataSource dataSource(Path file) {
		DatabaseProperties properties = new DatabaseProperties("sqlite:///" + file, Duration.ofSeconds(3), 2, 20);
		return new DatabaseConfiguration().dataSource(DatabaseUrl.parse(properties.url()), properties);
	}

}
