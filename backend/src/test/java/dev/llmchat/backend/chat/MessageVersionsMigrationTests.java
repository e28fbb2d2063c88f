package dev.llmchat.backend.chat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.llmchat.backend.system.DatabaseKind;
import dev.llmchat.testsupport.PostgresDatabase;

import static dev.llmchat.backend.support.BackendTest.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The migration to message versions (V4) turns each chat written before it into one branch, shown whole, and tells
 * where its title came from; on SQLite, and on PostgreSQL in the build's run of the database tests there.
 */
@Tag("database")
class MessageVersionsMigrationTests {

	@TempDir
	Path folder;

	@Test
	void aChatFromBeforeBecomesOneBranchEndingAtItsLastMessage() {
		PostgresDatabase postgres = (DATABASE == DatabaseKind.POSTGRESQL) ? PostgresDatabase.create("versions") : null;
		SingleConnectionDataSource database = new SingleConnectionDataSource(
				(postgres != null) ? postgres.jdbcUrl() : "jdbc:sqlite:" + this.folder.resolve("app.db"), true);
		try {
			JdbcTemplate jdbc = new JdbcTemplate(database);
			migrate(database, "3");
			jdbc.update("insert into users (id, email, password_hash, created_at) values (1, 'a@example.com', 'x', 1)");
			jdbc.update("insert into chats (id, user_id, title, created_at, updated_at) values (1, 1, 'New chat', 1, 1)");
			jdbc.update("insert into chats (id, user_id, title, created_at, updated_at) values (2, 1, 'Named', 1, 1)");
			jdbc.update("insert into chats (id, user_id, title, created_at, updated_at) values (3, 1, 'New chat', 1, 1)");
			long[][] messages = { { 10, 1 }, { 11, 1 }, { 12, 2 }, { 13, 1 }, { 14, 2 }, { 15, 1 } };
			for (long[] message : messages) {
				jdbc.update("insert into messages (id, chat_id, role, content, status, created_at) "
						+ "values (?, ?, ?, 'text', 'complete', 1)", message[0], message[1],
						(message[0] % 2 == 0) ? "user" : "assistant");
			}

			migrate(database, "latest");

			assertThat(jdbc.queryForList("select id, parent_id from messages order by id"))
				.extracting(row -> ((Number) row.get("id")).longValue(),
						row -> (row.get("parent_id") == null) ? null : ((Number) row.get("parent_id")).longValue())
				.containsExactly(tuple(10L, null), tuple(11L, 10L),
						tuple(12L, null), tuple(13L, 11L),
						tuple(14L, 12L), tuple(15L, 13L));
			List<Map<String, Object>> chats = jdbc
				.queryForList("select leaf_message_id, title_source, top_p from chats order by id");
			assertThat(chats).extracting(row -> (row.get("leaf_message_id") == null) ? null
					: ((Number) row.get("leaf_message_id")).longValue()).containsExactly(15L, 14L, null);
			assertThat(chats).extracting(row -> row.get("title_source")).containsExactly("default", "user", "default");
			assertThat(chats).extracting(row -> row.get("top_p")).containsOnlyNulls();
		}
		finally {
			database.destroy();
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	private static void migrate(SingleConnectionDataSource database, String target) {
		Flyway.configure().dataSource(database).locations(DATABASE.migrations()).target(target).load().migrate();
	}

}
