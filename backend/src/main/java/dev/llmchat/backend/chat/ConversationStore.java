package dev.llmchat.backend.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.DatabaseWriter;
import dev.llmchat.backend.system.NotFoundException;

/**
 * Writes the messages of a generation: the user's message and an empty answer when it starts, the answer's text
 * while it streams, and its final state. Progress goes to the database in one batched statement per flush; each
 * write is a short transaction of its own on the {@link DatabaseWriter}, so no connection is held while the model
 * writes.
 */
@Component
public class ConversationStore implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(ConversationStore.class);

	private final MessageRepository messages;

	private final JdbcTemplate jdbc;

	private final DatabaseWriter writer;

	private final Clock clock;

	ConversationStore(MessageRepository messages, JdbcTemplate jdbc, DatabaseWriter writer, Clock clock) {
		this.messages = messages;
		this.jdbc = jdbc;
		this.writer = writer;
		this.clock = clock;
	}

	/**
	 * In one short transaction: checks that the chat is the user's (404 otherwise), runs {@code admit} (which may
	 * refuse with an exception, leaving nothing written), stores the user's message and an empty answer in the
	 * streaming state, and returns what the model needs: the chat's settings and the conversation before the new
	 * prompt. Plain JDBC: this is on the path of every answer's first token.
	 */
	public Exchange begin(Long userId, Long chatId, String prompt, String requestedModel, String defaultModel,
			Runnable admit) {
		return this.writer.write(status -> {
			ChatSettings chat = this.jdbc
				.query("select system_prompt, model, temperature, max_tokens from chats where id = ? and user_id = ?",
						(row, n) -> new ChatSettings(row.getString(1), row.getString(2), nullableDouble(row, 3),
								nullableInt(row, 4)),
						chatId, userId)
				.stream()
				.findFirst()
				.orElseThrow(() -> new NotFoundException("Chat " + chatId + " was not found."));
			admit.run();
			List<Turn> history = this.jdbc.query(
					"select role, content from messages where chat_id = ? and role <> 'system' and content <> '' order by id",
					(row, n) -> new Turn(MessageRole.valueOf(row.getString(1).toUpperCase(java.util.Locale.ROOT)),
							row.getString(2)),
					chatId);
			String model = firstNonBlank(requestedModel, chat.model(), defaultModel);
			long now = this.clock.millis();
			long questionId = insert(chatId, MessageRole.USER, prompt, MessageStatus.COMPLETE, null, now);
			long answerId = insert(chatId, MessageRole.ASSISTANT, "", MessageStatus.STREAMING, model, now);
			this.jdbc.update("update chats set updated_at = ? where id = ?", now, chatId);
			return new Exchange(chatId, questionId, answerId, model, chat.systemPrompt(), chat.temperature(),
					chat.maxTokens(), history, prompt);
		});
	}

	private long insert(Long chatId, MessageRole role, String content, MessageStatus status, String model, long now) {
		return this.jdbc.queryForObject(
				"insert into messages (chat_id, role, content, status, model, created_at) values (?, ?, ?, ?, ?, ?) "
						+ "returning id",
				Long.class, chatId, role.wireName(), content, status.wireName(), model, now);
	}

	/** Writes the text of answers still streaming, all in one transaction. */
	public void saveProgress(List<Progress> progress) {
		if (progress.isEmpty()) {
			return;
		}
		this.writer.write(status -> this.jdbc.batchUpdate(
				"update messages set content = ?, completion_tokens = ? where id = ? and status = 'streaming'", progress,
				progress.size(), (statement, item) -> {
					statement.setString(1, item.content());
					statement.setInt(2, item.completionTokens());
					statement.setLong(3, item.answerId());
				}));
	}

	/** Writes an answer's final state and marks its chat as active now. */
	public void finish(Long chatId, FinalAnswer answer) {
		Instant now = this.clock.instant();
		this.writer.write(status -> {
			this.jdbc.update("""
					update messages set content = ?, status = ?, finish_reason = ?, error = ?, prompt_tokens = ?,
					       completion_tokens = ?, ttft_ms = ?, duration_ms = ?
					where id = ?""", answer.content(), answer.status().wireName(), answer.finishReason(),
					answer.error(), answer.promptTokens(), answer.completionTokens(), answer.ttftMs(),
					answer.durationMs(), answer.answerId());
			return this.jdbc.update("update chats set updated_at = ? where id = ?", now.toEpochMilli(), chatId);
		});
	}

	public MessageView answer(Long answerId) {
		return this.messages.findById(answerId)
			.map(MessageView::of)
			.orElseThrow(() -> new NotFoundException("The answer was deleted with its chat."));
	}

	/** At start-up, answers left streaming by a crash keep their text and become interrupted. */
	@Override
	public void afterSingletonsInstantiated() {
		int interrupted = this.writer.write(status -> this.jdbc.update(
				"update messages set status = 'interrupted', finish_reason = 'interrupted' where status = 'streaming'"));
		if (interrupted > 0) {
			logger.warn("Marked {} answer(s) left streaming by an earlier stop as interrupted", interrupted);
		}
	}

	private static Double nullableDouble(ResultSet row, int column) throws SQLException {
		double value = row.getDouble(column);
		return row.wasNull() ? null : value;
	}

	private static Integer nullableInt(ResultSet row, int column) throws SQLException {
		int value = row.getInt(column);
		return row.wasNull() ? null : value;
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

	private record ChatSettings(String systemPrompt, String model, Double temperature, Integer maxTokens) {
	}

	/** A message of the conversation so far. */
	public record Turn(MessageRole role, String content) {
	}

	/** What a new generation starts from. */
	public record Exchange(Long chatId, Long questionId, Long answerId, String model, String systemPrompt,
			Double temperature, Integer maxTokens, List<Turn> history, String prompt) {
	}

	/** The text of an answer so far. */
	public record Progress(Long answerId, String content, int completionTokens) {
	}

	/** An answer's final state. */
	public record FinalAnswer(Long answerId, String content, MessageStatus status, String finishReason, String error,
			Integer promptTokens, Integer completionTokens, Long ttftMs, Long durationMs) {
	}

}
