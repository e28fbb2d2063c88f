package dev.llmchat.backend.chat;

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
import dev.llmchat.backend.system.InvalidRequestException;
import dev.llmchat.backend.system.NotFoundException;

import static dev.llmchat.backend.chat.NullableColumns.nullableDouble;
import static dev.llmchat.backend.chat.NullableColumns.nullableInt;
import static dev.llmchat.backend.chat.NullableColumns.nullableLong;

/**
 * Writes the messages of a generation: the user's message and an empty answer when it starts, the answer's text
 * while it streams, and its final state. Progress goes to the database in one batched statement per flush; each
 * write is a short transaction of its own on the {@link DatabaseWriter}, so no connection is held while the model
 * writes.
 */
@Component
public class ConversationStore {

	static final String ANSWER_RUNNING = "An answer is already being generated in this chat; wait for it or stop it.";

	/** The text of the branch that ends at a message, oldest first, without failed answers that wrote nothing. */
	private static final String HISTORY = """
			with recursive branch (id, parent_id) as (
			    select id, parent_id from messages where id = ? and chat_id = ?
			    union all
			    select m.id, m.parent_id from messages m join branch b on m.id = b.parent_id)
			select m.role, m.content from messages m join branch b on b.id = m.id
			where m.role <> 'system' and m.content <> '' order by m.id""";

	private final Branches branches;

	private final JdbcTemplate jdbc;

	private final DatabaseWriter writer;

	private final Clock clock;

	ConversationStore(Branches branches, JdbcTemplate jdbc, DatabaseWriter writer, Clock clock) {
		this.branches = branches;
		this.jdbc = jdbc;
		this.writer = writer;
		this.clock = clock;
	}

	/**
	 * In one short transaction: checks that the chat is the user's (404 otherwise) and that no answer runs in it on
	 * any replica (409), finds what {@code prompt} answers (404/422 for a message it names that is not the chat's or
	 * not of the right role), runs {@code admit} (which may refuse with an exception, leaving nothing written), stores
	 * the user's message (none when an answer is regenerated) and an empty answer in the streaming state, owned by
	 * {@code owner}, shows the branch that ends with it, and returns what the model needs: the chat's settings and the
	 * branch before the question. The first question of a chat not yet titled gives it its title. Two replicas starting
	 * an answer in one chat at once cannot both store one: the database keeps one streaming answer per chat. Plain
	 * JDBC: this is on the path of every answer's first token.
	 */
	public Exchange begin(Long userId, Long chatId, Prompt prompt, String requestedModel, String defaultModel,
			AnswerOwner owner, Runnable admit) {
		try {
			return this.writer.write(status -> exchange(userId, chatId, prompt, requestedModel, defaultModel, owner,
					admit));
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException(ANSWER_RUNNING);
		}
	}

	private Exchange exchange(Long userId, Long chatId, Prompt prompt, String requestedModel, String defaultModel,
			AnswerOwner owner, Runnable admit) {
		ChatSettings chat = this.jdbc
			.query("""
					select system_prompt, model, temperature, top_p, max_tokens, leaf_message_id, title_source,
					       (select count(*) from messages m where m.chat_id = c.id and m.status = 'streaming')
					from chats c where id = ? and user_id = ?""",
					(row, n) -> new ChatSettings(row.getString(1), row.getString(2), nullableDouble(row, 3),
							nullableDouble(row, 4), nullableInt(row, 5), nullableLong(row, 6),
							TitleSource.valueOf(row.getString(7).toUpperCase(Locale.ROOT)), row.getInt(8) > 0),
					chatId, userId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("Chat " + chatId + " was not found."));
		if (chat.answerRunning()) {
			throw new ConflictException(ANSWER_RUNNING);
		}
		Question question = question(chatId, chat.leafId(), prompt);
		admit.run();
		List<Turn> history = (question.historyLeafId() == null) ? List.of() : this.jdbc.query(HISTORY,
				(row, n) -> new Turn(MessageRole.valueOf(row.getString(1).toUpperCase(Locale.ROOT)), row.getString(2)),
				question.historyLeafId(), chatId);
		String model = firstNonBlank(requestedModel, chat.model(), defaultModel);
		long now = this.clock.millis();
		long questionId = (question.storedId() != null) ? question.storedId() : this.jdbc.queryForObject(
				"insert into messages (chat_id, parent_id, role, content, status, created_at) "
						+ "values (?, ?, 'user', ?, 'complete', ?) returning id",
				Long.class, chatId, question.historyLeafId(), question.text(), now);
		long answerId = this.jdbc.queryForObject("insert into messages (chat_id, parent_id, role, content, status, "
				+ "model, created_at, owner, lease_until) values (?, ?, 'assistant', '', 'streaming', ?, ?, ?, ?) "
				+ "returning id", Long.class, chatId, questionId, model, now, owner.replica(), owner.leaseUntil());
		if (chat.titleSource() == TitleSource.DEFAULT && question.storedId() == null) {
			// the chat's first question names it, unless the person named it since this transaction read the chat
			this.jdbc.update("""
					update chats set updated_at = ?, leaf_message_id = ?,
					       title = case when title_source = 'default' then ? else title end,
					       title_source = case when title_source = 'default' then 'question' else title_source end
					where id = ?""", now, answerId, ChatTitles.fromQuestion(question.text()), chatId);
		}
		else {
			this.jdbc.update("update chats set updated_at = ?, leaf_message_id = ? where id = ?", now, answerId, chatId);
		}
		boolean firstQuestion = question.historyLeafId() == null;
		boolean titledByQuestion = chat.titleSource() == TitleSource.DEFAULT
				|| chat.titleSource() == TitleSource.QUESTION;
		return new Exchange(chatId, questionId, answerId, model, chat.systemPrompt(), chat.temperature(), chat.topP(),
				chat.maxTokens(), history, question.text(), firstQuestion && titledByQuestion);
	}

	/**
	 * What the new answer answers: a new question after the shown leaf, a new version of a question (beside it, after
	 * its parent), or, for a new version of an answer, the question that answer answered.
	 */
	private Question question(Long chatId, Long leafId, Prompt prompt) {
		return switch (prompt) {
			case Prompt.Next next -> new Question(null, next.text(), leafId);
			case Prompt.Edit edit -> {
				Target target = target(chatId, edit.messageId());
				if (target.role() != MessageRole.USER) {
					throw new InvalidRequestException("Message " + edit.messageId()
							+ " is not one of your messages; only those can be edited. Regenerate an answer instead.");
				}
				yield new Question(null, edit.text(), target.parentId());
			}
			case Prompt.Regenerate regenerate -> {
				Target target = target(chatId, regenerate.messageId());
				if (target.role() != MessageRole.ASSISTANT || target.parentId() == null) {
					throw new InvalidRequestException("Message " + regenerate.messageId()
							+ " is not an answer; only answers can be regenerated. Edit a message of yours instead.");
				}
				yield new Question(target.parentId(), target.parentContent(), target.parentParentId());
			}
		};
	}

	/** A message of the chat with its parent's text and parent; 404 for any other message. */
	private Target target(Long chatId, long messageId) {
		return this.jdbc.query("""
				select m.role, m.parent_id, p.content, p.parent_id
				from messages m left join messages p on p.id = m.parent_id
				where m.id = ? and m.chat_id = ?""",
				(row, n) -> new Target(MessageRole.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
						nullableLong(row, 2), row.getString(3), nullableLong(row, 4)),
				messageId, chatId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("Message " + messageId + " was not found in chat " + chatId + "."));
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

	/** A stored answer with its versions; 404 when it was deleted with its chat. */
	public MessageView answer(Long answerId) {
		return this.branches.message(answerId);
	}

	/**
	 * Stores the title the model wrote for a chat, unless something else named it since its first question did.
	 * Returns whether it did.
	 */
	public boolean titleByModel(Long chatId, String title) {
		return this.writer.write(status -> this.jdbc.update(
				"update chats set title = ?, title_source = 'model' where id = ? and title_source = 'question'", title,
				chatId)) > 0;
	}

	/**
	 * Ends, keeping their text, the answers left streaming when a process that was alone on its database stopped:
	 * nothing generates them any more.
	 */
	public int interruptAll() {
		return this.writer.write(status -> this.jdbc.update(
				"update messages set status = 'interrupted', finish_reason = 'interrupted' where status = 'streaming'"));
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

	private record ChatSettings(String systemPrompt, String model, Double temperature, Double topP,
			Integer maxTokens, Long leafId, TitleSource titleSource, boolean answerRunning) {
	}

	/**
	 * @param storedId the question when it is stored already (an answer is regenerated), else null
	 * @param text what it asks
	 * @param historyLeafId the last message before it, null when it is the chat's first
	 */
	private record Question(Long storedId, String text, Long historyLeafId) {
	}

	private record Target(MessageRole role, Long parentId, String parentContent, Long parentParentId) {
	}

	/** What a new answer answers. */
	public sealed interface Prompt {

		/** A new question after the branch the chat shows. */
		record Next(String text) implements Prompt {
		}

		/** A new version of one of the user's questions, with another text: the branch continues from it. */
		record Edit(long messageId, String text) implements Prompt {
		}

		/** A new version of an answer, to the same question. */
		record Regenerate(long messageId) implements Prompt {
		}

	}

	/** A message of the conversation so far. */
	public record Turn(MessageRole role, String content) {
	}

	/**
	 * What a new generation starts from.
	 *
	 * @param history the branch before the question, oldest first
	 * @param prompt the question
	 * @param wantsTitle whether the model should title the chat once this answer is complete: the chat's first question
	 * is answered and its title still comes from the question
	 */
	public record Exchange(Long chatId, Long questionId, Long answerId, String model, String systemPrompt,
			Double temperature, Double topP, Integer maxTokens, List<Turn> history, String prompt, boolean wantsTitle) {
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
