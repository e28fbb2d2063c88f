package dev.llmchat.backend.transfer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.llmchat.backend.system.DatabaseWriter;

/**
 * Reads a chat with all its messages into the export format, and writes an imported one as a new chat: plain JDBC
 * on the schema of messages as a tree ({@code parent_id}, the chat's {@code leaf_message_id}).
 */
@Component
class TransferStore {

	private final JdbcTemplate jdbc;

	private final DatabaseWriter writer;

	TransferStore(JdbcTemplate jdbc, DatabaseWriter writer) {
		this.jdbc = jdbc;
		this.writer = writer;
	}

	/** The ids of the user's chats, oldest first. */
	@Transactional(readOnly = true)
	public List<Long> chatIds(long userId) {
		return this.jdbc.queryForList("select id from chats where user_id = ? order by id", Long.class, userId);
	}

	/** The chat with all its messages, if it is the user's. */
	@Transactional(readOnly = true)
	public Optional<ExportedChat> read(long userId, long chatId) {
		List<StoredChat> chats = this.jdbc.query("""
				select title, title_source, system_prompt, model, temperature, top_p, max_tokens, created_at,
				       updated_at, leaf_message_id
				from chats where id = ? and user_id = ?""", (row, n) -> new StoredChat(row.getString(1),
				row.getString(2), row.getString(3), row.getString(4), real(row, 5),
				real(row, 6), integer(row, 7), Instant.ofEpochMilli(row.getLong(8)),
				Instant.ofEpochMilli(row.getLong(9)), bigint(row, 10)), chatId, userId);
		if (chats.isEmpty()) {
			return Optional.empty();
		}
		StoredChat chat = chats.get(0);
		Map<Long, Integer> keys = new HashMap<>();
		List<ExportedMessage> messages = this.jdbc.query("""
				select id, parent_id, role, content, status, model, finish_reason, error, prompt_tokens,
				       completion_tokens, ttft_ms, duration_ms, created_at
				from messages where chat_id = ? order by id""", (row, n) -> {
			int key = n + 1;
			keys.put(row.getLong(1), key);
			Long parentId = bigint(row, 2);
			return new ExportedMessage(key, (parentId == null) ? null : keys.get(parentId), row.getString(3),
					row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
					integer(row, 9), integer(row, 10), bigint(row, 11),
					bigint(row, 12), Instant.ofEpochMilli(row.getLong(13)));
		}, chatId);
		return Optional.of(new ExportedChat(chat.title(), chat.titleSource(), chat.systemPrompt(), chat.model(),
				chat.temperature(), chat.topP(), chat.maxTokens(), chat.createdAt(), chat.updatedAt(),
				(chat.leafId() == null) ? null : keys.get(chat.leafId()), messages));
	}

	/**
	 * Stores a checked chat as a new chat of the user, in one transaction, and returns its id. Its messages are
	 * written in their list's order, which puts every parent before its children.
	 */
	long insert(long userId, ExportedChat chat) {
		return this.writer.write(status -> {
			long chatId = this.jdbc.queryForObject("""
					insert into chats (user_id, title, title_source, system_prompt, model, temperature, top_p,
					                   max_tokens, created_at, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, userId, chat.title(),
					chat.titleSource(), chat.systemPrompt(), chat.model(), chat.temperature(), chat.topP(),
					chat.maxTokens(), chat.createdAt().toEpochMilli(), chat.updatedAt().toEpochMilli());
			Map<Integer, Long> ids = new HashMap<>();
			for (ExportedMessage message : chat.messages()) {
				ids.put(message.key(), this.jdbc.queryForObject("""
						insert into messages (chat_id, parent_id, role, content, status, model, finish_reason, error,
						                      prompt_tokens, completion_tokens, ttft_ms, duration_ms, created_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, chatId,
						(message.parent() == null) ? null : ids.get(message.parent()), message.role(),
						message.content(), message.status(), message.model(), message.finishReason(),
						message.error(), message.promptTokens(), message.completionTokens(), message.ttftMs(),
						message.durationMs(), message.createdAt().toEpochMilli()));
			}
			if (chat.current() != null) {
				this.jdbc.update("update chats set leaf_message_id = ? where id = ?", ids.get(chat.current()), chatId);
			}
			return chatId;
		});
	}

	private static Double real(ResultSet row, int column) throws SQLException {
		Number value = (Number) row.getObject(column);
		return (value == null) ? null : value.doubleValue();
	}

	private static Integer integer(ResultSet row, int column) throws SQLException {
		Number value = (Number) row.getObject(column);
		return (value == null) ? null : value.intValue();
	}

	private static Long bigint(ResultSet row, int column) throws SQLException {
		Number value = (Number) row.getObject(column);
		return (value == null) ? null : value.longValue();
	}

	private record StoredChat(String title, String titleSource, String systemPrompt, String model,
			Double temperature, Double topP, Integer maxTokens, Instant createdAt, Instant updatedAt, Long leafId) {
	}

}
