package dev.llmchat.system.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.llmchat.system.AppProcess;
import dev.llmchat.system.TestStack;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/copy-sqlite-to-postgres.sh} with the packaged backend jar, as a person runs it: the SQLite database
 * of a backend that ran and stopped is copied into a fresh PostgreSQL database, the script prints what it copied, and
 * a second run into the now filled database is refused with one sentence and exit code 1.
 */
@ExtendWith(PostgresDatabase.Required.class)
class CopyScriptTests {

	private static final String SCRIPT = "scripts/copy-sqlite-to-postgres.sh";

	@TempDir
	Path tmp;

	@Test
	void theScriptCopiesTheDatabaseOfAStoppedBackendAndRefusesToCopyItTwice() throws Exception {
		Path sqlite = this.tmp.resolve("data").resolve("app.db");
		int port = AppProcess.freePort();
		try (AppProcess backend = AppProcess.jar("backend", AppProcess.moduleJar("backend", "llmchat-backend.jar"))
			.env("SERVER_PORT", String.valueOf(port))
			.env("SERVER_ADDRESS", "127.0.0.1")
			.env("DATABASE_URL", "sqlite:///" + sqlite)
			.env("SECRET_KEY", TestStack.randomSecret())
			.env("LLM_SERVER_BASE_URL", "http://127.0.0.1:9/v1")
			.log(Path.of("target", "deploy", "copy-script-backend.log"))
			.start()) {
			backend.awaitHttp(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(180));
		}
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
				Statement statement = connection.createStatement()) {
			statement.execute("insert into users (email, password_hash, full_name, created_at) "
					+ "values ('ana@example.com', 'hash', 'Ana Luísa', 1700000000000)");
			statement.execute("insert into chats (user_id, title, created_at, updated_at) "
					+ "values (1, 'Capitais 🌎', 1700000000001, 1700000000001)");
		}

		try (PostgresDatabase target = PostgresDatabase.create("copy_script")) {
			Scripts.Result copied = Scripts.run(this.tmp, Duration.ofMinutes(3), Scripts.env(), SCRIPT, "--no-build",
					"sqlite:///" + sqlite, target.url());

			assertThat(copied.exitCode()).as(copied.toString()).isZero();
			assertThat(copied.output()).contains("Migrating schema \"public\" to version")
				.contains("Copied " + sqlite + " into jdbc:postgresql://")
				.containsPattern("users +1 row, new ids from 2")
				.containsPattern("chats +1 row, new ids from 2")
				.containsPattern("messages +0 rows, new ids from 1");
			try (Connection connection = DriverManager.getConnection(target.jdbcUrl());
					Statement statement = connection.createStatement();
					ResultSet chat = statement.executeQuery("select u.email, c.title from chats c join users u on u.id = c.user_id")) {
				assertThat(chat.next()).isTrue();
				assertThat(chat.getString(1)).isEqualTo("ana@example.com");
				assertThat(chat.getString(2)).isEqualTo("Capitais 🌎");
			}

			Scripts.Result again = Scripts.run(this.tmp, Duration.ofMinutes(3), Scripts.env(), SCRIPT, "--no-build",
					"sqlite:///" + sqlite, target.url());

			assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
			assertThat(again.output()).contains("error: The PostgreSQL table users already has rows");
		}
	}

}
