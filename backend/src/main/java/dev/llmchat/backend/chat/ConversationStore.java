package dev.llmchat.backend.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.llmchat.backend.system.NotFoundException;

/**
 * Writes the messages of a generation: the user's message and an empty answer when it starts, the answer's text
 * while it streams, and its final state. Progress goes to the database in one batched statement per flush; each
 * write is a short transaction of its own, so no connection is held while the model writes.
 */
@Component
public class ConversationStore implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(ConversationStore.class);

	private final ChatRepository chats;

	private final MessageRepository messages;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ConversationStore(ChatRepository chats, MessageRepository messages, JdbcTemplate jdbc,
			TransactionTemplate transactions, Clock clock) {
		this.chats = chats;
		this.messages = messages;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Stores the user's message and an empty answer in the streaming state, and returns what the model needs: the
	 * chat's settings and the conversation before the new prompt.
	 */
	public Exchange begin(Long userId, Long chatId, String prompt, String requestedModel, String defaultModel) {
		return this.transactions.execute(status -> {
			Chat chat = this.chats.findByIdAndUserId(chatId, userId)
				.orElseThrow(() -> new NotFoundException("Chat " + chatId + " was not found."));
			List<Turn> history = this.messages.findByChatIdOrderByIdAsc(chatId)
				.stream()
				.filter(message -> message.getRole() != MessageRole.SYSTEM && !message.getContent().isEmpty())
				.map(message -> new Turn(message.getRole(), message.getContent()))
				.toList();
			String model = firstNonBlank(requestedModel, chat.getModel(), defaultModel);
			Instant now = this.clock.instant();
			Message question = this.messages.save(Message.fromUser(chatId, prompt, now));
			Message answer = this.messages.save(Message.answerInProgress(chatId, model, now));
			chat.touch(now);
			return new Exchange(chatId, question.getId(), answer.getId(), model, chat.getSystemPrompt(),
					chat.getTemperature(), chat.getMaxTokens(), history, prompt);
		});
	}

	/** Writes the text of answers still streaming, all in one transaction. */
	public void saveProgress(List<Progress> progress) {
		if (progress.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult(status -> this.jdbc.batchUpdate(
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
		this.transactions.executeWithoutResult(status -> {
			this.jdbc.update("""
					update messages set content = ?, status = ?, finish_reason = ?, error = ?, prompt_tokens = ?,
					       completion_tokens = ?, ttft_ms = ?, duration_ms = ?
					where id = ?""", answer.content(), answer.status().wireName(), answer.finishReason(),
					answer.error(), answer.promptTokens(), answer.completionTokens(), answer.ttftMs(),
					answer.durationMs(), answer.answerId());
			this.jdbc.update("update chats set updated_at = ? where id = ?", now.toEpochMilli(), chatId);
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
		int interrupted = this.jdbc.update("update messages set status = 'interrupted', finish_reason = 'interrupted' "
				+ "where status = 'streaming'");
		if (interrupted > 0) {
			logger.warn("Marked {} answer(s) left streaming by an earlier stop as interrupted", interrupted);
		}
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
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
