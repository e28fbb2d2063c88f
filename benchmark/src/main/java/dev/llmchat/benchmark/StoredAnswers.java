package dev.llmchat.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The backend's database, read directly: whether each streamed answer is stored complete with exactly the text that
 * was streamed, and a chat seeded with many messages without going through the API. Its SQLite file, or its
 * PostgreSQL database named as the backend's {@code DATABASE_URL} names it.
 */
final class StoredAnswers {

	private final String jdbcUrl;

	private final Properties credentials = new Properties();

	private final boolean localPostgresql;

	/**
	 * @param database a SQLite file, or {@code postgresql://user[:password]@host[:port]/name} (also
	 * {@code postgres://})
	 */
	StoredAnswers(String database) {
		if (database.startsWith("postgresql://") || database.startsWith("postgres://")) {
			URI url = URI.create(database);
			this.localPostgresql = url.getHost().equals("127.0.0.1") || url.getHost().equals("localhost");
			this.jdbcUrl = "jdbc:postgresql://" + url.getHost() + ":" + ((url.getPort() > 0) ? url.getPort() : 5432)
					+ url.getPath();
			String[] user = (url.getUserInfo() != null) ? url.getUserInfo().split(":", 2) : new String[0];
			if (user.length > 0) {
				this.credentials.setProperty("user", user[0]);
			}
			if (user.length > 1) {
				this.credentials.setProperty("password", user[1]);
			}
		}
		else {
			this.localPostgresql = false;
			this.jdbcUrl = "jdbc:sqlite:" + Path.of(database).toAbsolutePath() + "?busy_timeout=30000";
		}
	}

	/** The JDBC URL, without the credentials. */
	String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * The PIDs of PostgreSQL's processes serving the run's database (its connections, the backends' pool among them),
	 * as a supplier to ask at each reading; empty for SQLite (its work is the backend's own) and for a PostgreSQL on
	 * another machine (whose processes this one cannot see).
	 */
	Optional<Supplier<List<Long>>> serverProcesses() {
		if (!this.localPostgresql) {
			return Optional.empty();
		}
		return Optional.of(() -> {
			List<Long> pids = new ArrayList<>();
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.credentials);
					PreparedStatement select = connection.prepareStatement("SELECT pid FROM pg_stat_activity "
							+ "WHERE datname = current_database() AND pid <> pg_backend_pid()");
					ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					pids.add(rows.getLong(1));
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot list the connections to " + this.jdbcUrl + ": " + ex, ex);
			}
			return pids;
		});
	}

	record Check(int matched, String firstProblem) {
	}

	Check check(List<StreamResult> results) {
		int matched = 0;
		String problem = null;
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.credentials);
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
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.credentials);
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
