package dev.llmchat.backend.chat;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.NotFoundException;

import static dev.llmchat.backend.chat.NullableColumns.nullableInt;
import static dev.llmchat.backend.chat.NullableColumns.nullableLong;

/**
 * Reads the tree of a chat's messages: the branch it shows (from its first message to its leaf, walked up from the
 * leaf by a recursive query that SQLite and PostgreSQL both run), and each message's versions (its siblings: same
 * parent). Two queries whatever the chat's length: the branch with its text, and the ids of all the chat's messages
 * with their parents.
 */
@Component
class Branches {

	private static final String COLUMNS = "m.id, m.chat_id, m.parent_id, m.role, m.content, m.status, m.model, "
			+ "m.finish_reason, m.error, m.prompt_tokens, m.completion_tokens, m.ttft_ms, m.duration_ms, m.created_at";

	/** The shown branch of a chat, root first: ancestors are always written before what follows them. */
	private static final String SHOWN_BRANCH = """
			with recursive branch (id, parent_id) as (
			    select m.id, m.parent_id from chats c join messages m on m.id = c.leaf_message_id and m.chat_id = c.id
			    where c.id = ?
			    union all
			    select m.id, m.parent_id from messages m join branch b on m.id = b.parent_id)
			select %s from messages m join branch b on b.id = m.id order by m.id""".formatted(COLUMNS);

	private static final RowMapper<Row> ROW = (row, n) -> new Row(row.getLong(1), row.getLong(2), nullableLong(row, 3),
			MessageRole.valueOf(row.getString(4).toUpperCase(Locale.ROOT)), row.getString(5),
			MessageStatus.valueOf(row.getString(6).toUpperCase(Locale.ROOT)), row.getString(7), row.getString(8),
			row.getString(9), nullableInt(row, 10), nullableInt(row, 11), nullableLong(row, 12), nullableLong(row, 13),
			Instant.ofEpochMilli(row.getLong(14)));

	private final JdbcTemplate jdbc;

	Branches(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The messages the chat shows, root to leaf, each with its versions. */
	Shown shown(Long chatId) {
		List<Row> branch = this.jdbc.query(SHOWN_BRANCH, ROW, chatId);
		Tree tree = tree(chatId);
		return new Shown(branch.stream().map(row -> row.view(tree.versionsOf(row.parentId()))).toList(), tree.size());
	}

	/** One message with its versions; 404 when it does not exist (any more). */
	MessageView message(Long messageId) {
		Row row = this.jdbc.query("select " + COLUMNS + " from messages m where m.id = ?", ROW, messageId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("The message was deleted with its chat."));
		List<Long> versions = (row.parentId() == null)
				? this.jdbc.queryForList("select id from messages where chat_id = ? and parent_id is null order by id",
						Long.class, row.chatId())
				: this.jdbc.queryForList("select id from messages where parent_id = ? order by id", Long.class,
						row.parentId());
		return row.view(versions);
	}

	/** The ids of all the chat's messages, each under its parent. */
	Tree tree(Long chatId) {
		Map<Long, List<Long>> children = new HashMap<>();
		Set<Long> ids = new HashSet<>();
		this.jdbc.query("select id, parent_id from messages where chat_id = ? order by id", (ResultSet row) -> {
			long id = row.getLong(1);
			children.computeIfAbsent(nullableLong(row, 2), parent -> new ArrayList<>(1)).add(id);
			ids.add(id);
		}, chatId);
		return new Tree(children, ids);
	}

	/** Makes the chat show the branch that ends at {@code leafId}. */
	void show(Long chatId, Long leafId) {
		this.jdbc.update("update chats set leaf_message_id = ? where id = ?", leafId, chatId);
	}

	/**
	 * A shown branch.
	 *
	 * @param messages root to leaf
	 * @param stored how many messages the chat has, in every branch
	 */
	record Shown(List<MessageView> messages, int stored) {
	}

	/** A chat's messages by parent (the first messages under null), each list in the order they were written. */
	record Tree(Map<Long, List<Long>> children, Set<Long> ids) {

		int size() {
			return this.ids.size();
		}

		boolean contains(Long messageId) {
			return this.ids.contains(messageId);
		}

		List<Long> versionsOf(Long parentId) {
			return this.children.getOrDefault(parentId, List.of());
		}

		/** The leaf of the branch through {@code messageId}: from it down, the newest version at each step. */
		Long leafThrough(Long messageId) {
			Long leaf = messageId;
			for (List<Long> next = versionsOf(leaf); !next.isEmpty(); next = versionsOf(leaf)) {
				leaf = next.getLast();
			}
			return leaf;
		}

	}

	private record Row(Long id, Long chatId, Long parentId, MessageRole role, String content, MessageStatus status,
			String model, String finishReason, String error, Integer promptTokens, Integer completionTokens,
			Long ttftMs, Long durationMs, Instant createdAt) {

		MessageView view(List<Long> versions) {
			return new MessageView(this.id, this.chatId, this.parentId, this.role, this.content, this.status, this.model,
					this.finishReason, this.error, this.promptTokens, this.completionTokens, this.ttftMs, this.durationMs,
					this.createdAt, versions.indexOf(this.id) + 1, versions.size(), List.copyOf(versions));
		}

	}

}
