package dev.llmchat.backend.chat;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.llmchat.backend.system.ConflictException;
import dev.llmchat.backend.system.DatabaseWriter;
import dev.llmchat.backend.system.InvalidRequestException;
import dev.llmchat.backend.system.NotFoundException;

/** A user's chats. Every method takes the user's id, and a chat of someone else is "not found". */
@Service
public class ChatService {

	static final String DEFAULT_TITLE = "New chat";

	private final ChatRepository chats;

	private final MessageRepository messages;

	private final Branches branches;

	private final ApplicationEventPublisher events;

	private final DatabaseWriter writer;

	private final Clock clock;

	ChatService(ChatRepository chats, MessageRepository messages, Branches branches, ApplicationEventPublisher events,
			DatabaseWriter writer, Clock clock) {
		this.chats = chats;
		this.messages = messages;
		this.branches = branches;
		this.events = events;
		this.writer = writer;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<ChatSummary> list(Long userId, String query, int limit, Long before) {
		String titleLike = (query == null || query.isBlank()) ? null
				: "%" + escapeLike(query.strip().toLowerCase(Locale.ROOT)) + "%";
		Chat cursor = (before == null) ? null : findOwned(userId, before);
		return this.chats.findSummaries(userId, titleLike, cursor == null ? null : cursor.getUpdatedAt(),
				cursor == null ? null : cursor.getId(), Limit.of(limit));
	}

	/** A chat given a title is named by the person: the model never renames it. */
	public ChatView create(Long userId, CreateChatRequest request) {
		boolean named = request.title() != null && !request.title().isBlank();
		Chat chat = this.writer.write(status -> this.chats.save(new Chat(userId,
				named ? request.title().strip() : DEFAULT_TITLE, named ? TitleSource.USER : TitleSource.DEFAULT,
				blankToNull(request.systemPrompt()), blankToNull(request.model()), this.clock.instant())));
		return ChatView.of(chat, 0, null);
	}

	@Transactional(readOnly = true)
	public ChatView open(Long userId, Long chatId) {
		Chat chat = findOwned(userId, chatId);
		Branches.Shown shown = this.branches.shown(chatId);
		return ChatView.of(chat, shown.stored(), shown.messages());
	}

	@Transactional(readOnly = true)
	public List<MessageView> messages(Long userId, Long chatId) {
		findOwned(userId, chatId);
		return this.branches.shown(chatId).messages();
	}

	/**
	 * Shows the branch through one of the chat's messages: from it down, the newest version at each step, to a leaf.
	 * 404 for a message of another chat, 409 while an answer runs in the chat (it continues the branch shown).
	 */
	public ChatView showBranch(Long userId, Long chatId, Long messageId) {
		return this.writer.write(status -> {
			Chat chat = findOwned(userId, chatId);
			Branches.Tree tree = this.branches.tree(chatId);
			if (!tree.contains(messageId)) {
				throw new NotFoundException("Message " + messageId + " was not found in chat " + chatId + ".");
			}
			if (this.messages.existsByChatIdAndStatus(chatId, MessageStatus.STREAMING)) {
				throw new ConflictException(ConversationStore.ANSWER_RUNNING);
			}
			this.branches.show(chatId, tree.leafThrough(messageId));
			return ChatView.of(chat, tree.size(), this.branches.shown(chatId).messages());
		});
	}

	public ChatView update(Long userId, Long chatId, UpdateChatRequest request) {
		return this.writer.write(status -> apply(findOwned(userId, chatId), request));
	}

	private ChatView apply(Chat chat, UpdateChatRequest request) {
		if (request.has("title")) {
			if (request.title() == null || request.title().isBlank()) {
				throw new InvalidRequestException("The title cannot be empty.");
			}
			chat.name(request.title().strip());
		}
		if (request.has("system_prompt")) {
			chat.setSystemPrompt(blankToNull(request.systemPrompt()));
		}
		if (request.has("model")) {
			chat.setModel(blankToNull(request.model()));
		}
		if (request.has("temperature")) {
			chat.setTemperature(request.temperature());
		}
		if (request.has("top_p")) {
			chat.setTopP(request.topP());
		}
		if (request.has("max_tokens")) {
			chat.setMaxTokens(request.maxTokens());
		}
		chat.touch(this.clock.instant());
		return ChatView.of(chat, this.messages.countByChatId(chat.getId()), null);
	}

	/**
	 * Deletes the chat and, through the schema's cascade, its messages. A running generation is stopped first,
	 * outside any transaction, because stopping writes its answer.
	 */
	public void delete(Long userId, Long chatId) {
		Chat chat = findOwned(userId, chatId);
		this.events.publishEvent(new ChatDeletedEvent(chat.getId()));
		this.writer.write(status -> {
			this.chats.deleteById(chat.getId());
			return null;
		});
	}

	/**
	 * Stops the answers running in the user's chats, on whichever replica, as before their chats are deleted: the
	 * account is about to go, and its chats with it through the schema's cascade.
	 */
	public void stopAnswersOf(Long userId) {
		this.chats.findIdsByUserId(userId).forEach((chatId) -> this.events.publishEvent(new ChatDeletedEvent(chatId)));
	}

	/** The chat, if it belongs to the user; otherwise a 404 that does not tell whether it exists. */
	public Chat findOwned(Long userId, Long chatId) {
		return this.chats.findByIdAndUserId(chatId, userId)
			.orElseThrow(() -> new NotFoundException("Chat " + chatId + " was not found."));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
