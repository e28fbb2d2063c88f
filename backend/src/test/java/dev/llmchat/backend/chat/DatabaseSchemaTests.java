package dev.llmchat.backend.chat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQLite file as the migrations and the connection settings leave it. */
class DatabaseSchemaTests extends BackendTest {

	@Autowired
	ConversationStore store;

	@Test
	void theDatabaseIsAFileInWalModeWithForeignKeysAndABusyTimeout() {
		assertThat(dataFolder().resolve("app.db")).exists();
		assertThat(this.jdbc.queryForObject("pragma journal_mode", String.class)).isEqualTo("wal");
		assertThat(this.jdbc.queryForObject("pragma foreign_keys", Integer.class)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("pragma busy_timeout", Integer.class)).isEqualTo(10_000);
	}

	@Test
	void theSchemaComesFromVersionedMigrationsWithTheListingIndexes() {
		assertThat(this.jdbc.queryForList("select version from flyway_schema_history where success = 1", String.class))
			.contains("1");
		List<String> indexes = this.jdbc.queryForList("select name from sqlite_master where type = 'index'", String.class);
		assertThat(indexes).contains("chats_by_user_activity", "messages_by_chat");
		String plan = queryPlan("select * from chats where user_id = 1 order by updated_at desc, id desc");
		assertThat(plan).contains("chats_by_user_activity").doesNotContain("TEMP B-TREE");
		String messagesPlan = queryPlan("select * from messages where chat_id = 1 order by id");
		assertThat(messagesPlan).contains("messages_by_chat").doesNotContain("TEMP B-TREE");
	}

	private String queryPlan(String query) {
		return String.join(" ", this.jdbc.queryForList("explain query plan " + query)
			.stream()
			.map(row -> String.valueOf(row.get("detail")))
			.toList());
	}

	@Test
	void answersLeftStreamingByACrashBecomeInterruptedAtStartUpKeepingTheirText() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		this.jdbc.update("insert into messages (chat_id, role, content, status, created_at) values (?, 'assistant', "
				+ "'half an answ', 'streaming', 0)", chat);
		this.store.afterSingletonsInstantiated();
		Map<String, Object> row = this.jdbc.queryForMap("select status, content from messages where chat_id = ?", chat);
		assertThat(row).containsEntry("status", "interrupted").containsEntry("content", "half an answ");
	}

}
