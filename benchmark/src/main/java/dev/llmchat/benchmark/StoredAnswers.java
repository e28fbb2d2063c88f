package dev.llmchat.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The backend's SQLite file, read directly: whether each streamed answer is stored complete with exactly the text
 * that was streamed, and a chat seeded with many messages without going through the API.
 */
final class StoredAnswers {

	private final String jdbcUrl;

	StoredAnswers(Path database) {
		this.jdbcUrl = "jdbc:sqlite:" + database.toAbsolutePath() + "?busy_timeout=30000";
	}

	record Check(int matched, String firstProblem) {
	}

	Check check(List<StreamResult> results) {
		int matched = 0;
		String problem = null;
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
				PreparedStatement select = connection
					.prepareStatement("SELECT status, content FROM messages WHERE id = ?")) {
			for (StreamResult result : results) {
				if (!result.ok()) {
					continue;
				}
				String mismatch = compare(select, result);
				if (mismatch == null) {
					matched++;
				}
				else if (problem == null) {
					problem = mismatch;
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the backend's database " + this.jdbcUrl + ": " + ex, ex);
		}
		return new Check(matched, problem);
	}

	private static String compare(PreparedStatement select, StreamResult result) throws SQLException {
		if (result.messageId() == null) {
			return "a stream named no message_id";
		}
		select.setLong(1, result.messageId());
		try (ResultSet row = select.executeQuery()) {
			if (!row.next()) {
				return "answer " + result.messageId() + " is not in the database";
			}
			if (!"complete".equals(row.getString(1))) {
				return "answer " + result.messageId() + " is stored as " + row.getString(1);
			}
			if (!result.text().equals(row.getString(2))) {
				return "answer " + result.messageId() + " is stored with other text than was streamed";
			}
			return null;
		}
	}

	/** Adds {@code count} complete messages, user and assistant in turn, to the chat, in one transaction. */
	void seed(long chatId, int count) {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
				PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (chat_id, role, content, "
						+ "status, model, created_at) VALUES (?, ?, ?, 'complete', ?, ?)")) {
			connection.setAutoCommit(false);
			long now = System.currentTimeMillis() - count;
			for (int i = 0; i < count; i++) {
				boolean user = i % 2 == 0;
				insert.setLong(1, chatId);
				insert.setString(2, user ? "user" : "assistant");
				insert.setString(3, (user ? "Question " : "Answer ") + i + ": " + "lorem ipsum dolor sit amet ".repeat(8));
				insert.setString(4, user ? null : "Qwen/Qwen2.5-0.5B-Instruct");
				insert.setLong(5, now + i);
				insert.addBatch();
			}
			insert.executeBatch();
			connection.commit();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot seed chat " + chatId + " in " + this.jdbcUrl + ": " + ex, ex);
		}
	}

}
