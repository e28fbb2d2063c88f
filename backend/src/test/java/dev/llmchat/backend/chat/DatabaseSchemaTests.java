package dev.llmchat.backend.chat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.backend.system.DatabaseKind;

import static org.assertj.core.api.Assertions.assertThat;

/** The database as the migrations and the connection settings leave it, on SQLite and on PostgreSQL. */
class DatabaseSchemaTests extends BackendTest {

	static boolean onSqlite() {
		return DATABASE == DatabaseKind.SQLITE;
	}

	static boolean onPostgresql() {
		return DATABASE == DatabaseKind.POSTGRESQL;
	}

	@Test
	@EnabledIf("onSqlite")
	void theSqliteDatabaseIsAFileInWalModeWithForeignKeysAndABusyTimeout() {
		assertThat(dataFolder().resolve("app.db")).exists();
		assertThat(this.jdbc.queryForObject("pragma journal_mode", String.class)).isEqualTo("wal");
		assertThat(this.jdbc.queryForObject("pragma foreign_keys", Integer.class)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("pragma busy_timeout", Integer.class)).isEqualTo(10_000);
	}

	@Test
	void theSchemaComesFromVersionedMigrations() {
		assertThat(this.jdbc.queryForList("select version from flyway_schema_history where success = true",
				String.class))
			.contains("1");
	}

	@Test
	@EnabledIf("onSqlite")
	void sqliteListsChatsAndMessagesFromTheirIndexes() {
		List<String> indexes = this.jdbc.queryForList("select name from sqlite_master where type = 'index'", String.class);
		assertThat(indexes).contains("chats_by_user_activity", "messages_by_chat");
		String plan = sqlitePlan("select * from chats where user_id = 1 order by updated_at desc, id desc");
		assertThat(plan).contains("chats_by_user_activity").doesNotContain("TEMP B-TREE");
		String messagesPlan = sqlitePlan("select * from messages where chat_id = 1 order by id");
		assertThat(messagesPlan).contains("messages_by_chat").doesNotContain("TEMP B-TREE");
	}

	@Test
	@EnabledIf("onPostgresql")
	void postgresqlListsChatsAndMessagesFromTheirIndexes() {
		assertThat(this.jdbc.queryForList("select indexname from pg_indexes where schemaname = current_schema()",
				String.class))
			.contains("chats_by_user_activity", "messages_by_chat", "messages_streaming");
		assertThat(postgresqlPlan("select * from chats where user_id = 1 order by updated_at desc, id desc"))
			.contains("Index Scan using chats_by_user_activity")
			.doesNotContain("Sort");
		assertThat(postgresqlPlan("select * from messages where chat_id = 1 order by id"))
			.contains("Index Scan using messages_by_chat")
			.doesNotContain("Sort");
	}

	@Test
	@EnabledIf("onPostgresql")
	void postgresqlStoresTimesAsEpochMillisecondsAndIdsAsBigints() {
		Map<String, String> types = Map.of("users.created_at", "bigint", "messages.ttft_ms", "bigint", "messages.id",
				"bigint", "chats.temperature", "double precision");
		types.forEach((column, type) -> {
			String[] parts = column.split("\\.");
			assertThat(this.jdbc.queryForObject("select data_type from information_schema.columns where table_name = ? "
					+ "and column_name = ? and table_schema = current_schema()", String.class, parts[0], parts[1]))
				.as(column)
				.isEqualTo(type);
		});
	}

	private String sqlitePlan(String query) {
		return String.join(" ", this.jdbc.queryForList("explain query plan " + query)
			.stream()
			.map(row -> String.valueOf(row.get("detail")))
			.toList());
	}

	/** The plan with scans that read whole tables ruled out: with so few rows the planner would rather scan. */
	private String postgresqlPlan(String query) {
		return this.jdbc.execute((Connection connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("set enable_seqscan = off");
				statement.execute("set enable_bitmapscan = off");
				StringBuilder plan = new StringBuilder();
				try (ResultSet rows = statement.executeQuery("explain " + query)) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append(' ');
					}
				}
				statement.execute("reset enable_seqscan");
				statement.execute("reset enable_bitmapscan");
				return plan.toString();
			}
		});
	}

}
