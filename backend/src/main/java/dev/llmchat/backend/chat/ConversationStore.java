package dev.llmchat.backend.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.llmchat.backend.system.ConflictException;
import dev.llmchat.backend.system.DatabaseWriter;
import dev.llmchat.backend.system.NotFoundException;

/**
 * Writes the messages of a generation: the user's message and an empty answer when it starts, the answer's text
 * while it streams, and its final state. Progress goes to the database in one batched statement per flush; each
 * write is a short transaction of its own on the {@link DatabaseWriter}, so no connection is held while the model
 * writes.
 */
@Component
public class ConversationStore {

	static final String ANSWER_RUNNING = "An answer is already being generated in this chat; wait for it or stop it.";

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
	 * In one short transaction: checks that the chat is the user's (404 otherwise) and that no answer runs in it on
	 * any replica (409), runs {@code admit} (which may refuse with an exception, leaving nothing written), stores the
	 * user's message and an empty answer in the streaming state, owned by {@code owner}, and returns what the model
	 * needs: the chat's settings and the conversation before the new prompt. Two replicas starting an answer in one
	 * chat at once cannot both store one: the database keeps one streaming answer per chat. Plain JDBC: this is on
	 * the path of every answer's first token.
	 */
	public Exchange begin(Long userId, Long chatId, String prompt, String requestedModel, String defaultModel,
			AnswerOwner owner, Runnable admit) {
		try {
			return this.writer.write(status -> exchange(userId, chatId, prompt, requestedModel, defaultModel, owner,
					admit));
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException(ANSWER_RUNNING);
		}
	}

	private Exchange exchange(Long userId, Long chatId, String prompt, String requestedModel, String defaultModel,
			AnswerOwner owner, Runnable admit) {
		ChatSettings chat = this.jdbc
			.query("select system_prompt, model, temperature, max_tokens from chats where id = ? and user_id = ?",
					(row, n) -> new ChatSettings(row.getString(1), row.getString(2), nullableDouble(row, 3),
							nullableInt(row, 4)),
					chatId, userId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("Chat " + chatId + " was not found."));
		if (this.jdbc.queryForObject("select count(*) from messages where chat_id = ? and status = 'streaming'",
				Integer.class, chatId) > 0) {
			throw new ConflictException(ANSWER_RUNNING);
		}
		admit.run();
		List<Turn> history = this.jdbc.query(
				"select role, content from messages where chat_id = ? and role <> 'system' and content <> '' order by id",
				(row, n) -> new Turn(MessageRole.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
						row.getString(2)),
				chatId);
		String model = firstNonBlank(requestedModel, chat.model(), defaultModel);
		long now = this.clock.millis();
		long questionId = this.jdbc.queryForObject("insert into messages (chat_id, role, content, status, "
				+ "created_at) values (?, 'user', ?, 'complete', ?) returning id", Long.class, chatId, prompt, now);
		long answerId = this.jdbc.queryForObject("insert into messages (chat_id, role, content, status, model, "
				+ "created_at, owner, lease_until) values (?, 'assistant', '', 'streaming', ?, ?, ?, ?) returning id",
				Long.class, chatId, model, now, owner.replica(), owner.leaseUntil());
		this.jdbc.update("update chats set updated_at = ? where id = ?", now, chatId);
		return new Exchange(chatId, questionId, answerId, model, chat.systemPrompt(), chat.temperature(),
				chat.maxTokens(), history, prompt);
	}

	/** The answer running in the chat, on whichever replica, if one does. */
	@Transactional(readOnly = true)
	public Optional<RunningAnswer> runningAnswer(Long chatId) {
		return this.jdbc
			.query("select id, owner, lease_until from messages where chat_id = ? and status = 'streaming'",
					(row, n) -> new RunningAnswer(row.getLong(1), chatId, row.getString(2), nullableLong(row, 3)),
					chatId)
			.stream()
			.findFirst();
	}

	/** The answer's status now; empty when it was deleted with its chat. */
	@Transactional(readOnly = true)
	public Optional<MessageStatus> statusOf(Long answerId) {
		return this.jdbc
			.query("select status from messages where id = ?",
					(row, n) -> MessageStatus.valueOf(row.getString(1).toUpperCase(Locale.ROOT)), answerId)
			.stream()
			.findFirst();
	}

	/** Extends the lease of every answer {@code replica} is generating, to {@code until}. */
	public void renewLeases(String replica, long until) {
		this.writer.write(status -> this.jdbc
			.update("update messages set lease_until = ? where owner = ? and status = 'streaming'", until, replica));
	}

	/**
	 * Ends, keeping their text, the answers whose owner stopped renewing them before {@code now}: that replica died
	 * or lost the database. Returns how many.
	 */
	public int interruptExpired(long now) {
		return this.writer.write(status -> this.jdbc.update("update messages set status = 'interrupted', "
				+ "finish_reason = 'interrupted' where status = 'streaming' and (lease_until is null or lease_until < ?)",
				now));
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

	/**
	 * Ends, keeping their text, the answers left streaming when a process that was alone on its database stopped:
	 * nothing generates them any more.
	 */
	public int interruptAll() {
		return this.writer.write(status -> this.jdbc.update(
				"update messages set status = 'interrupted', finish_reason = 'interrupted' where status = 'streaming'"));
	}

	private static Double nullableDouble(ResultSet row, int column) throws SQLException {
		double value = row.getDouble(column);
		return row.wasNull() ? null : value;
	}

	private static Long nullableLong(ResultSet row, int column) throws SQLException {
		long value = row.getLong(column);
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

	/**
	 * Who generates a new answer, and until when it may without renewing.
	 *
	 * @param replica the replica's id
	 * @param leaseUntil epoch milliseconds
	 */
	public record AnswerOwner(String replica, long leaseUntil) {
	}

	/**
	 * An answer being generated.
	 *
	 * @param answerId its message
	 * @param chatId its chat
	 * @param owner the replica that generates it
	 * @param leaseUntil until when the owner holds it without renewing, epoch milliseconds
	 */
	public record RunningAnswer(Long answerId, Long chatId, String owner, Long leaseUntil) {
	}

	/** The text of an answer so far. */
	public record Progress(Long answerId, String content, int completionTokens) {
	}

	/** An answer's final state. */
	public record FinalAnswer(Long answerId, String content, MessageStatus status, String finishReason, String error,
			Integer promptTokens, Integer completionTokens, Long ttftMs, Long durationMs) {
	}

}
