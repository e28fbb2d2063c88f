package dev.llmchat.backend.generation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import dev.llmchat.backend.chat.ChatDeletedEvent;
import dev.llmchat.backend.chat.ChatService;
import dev.llmchat.backend.chat.ConversationStore;
import dev.llmchat.backend.chat.MessageStatus;
import dev.llmchat.backend.llm.LlmChunk;
import dev.llmchat.backend.llm.LlmClient;
import dev.llmchat.backend.llm.LlmException;
import dev.llmchat.backend.llm.LlmMessage;
import dev.llmchat.backend.llm.LlmProperties;
import dev.llmchat.backend.llm.LlmRequest;
import dev.llmchat.backend.system.ConflictException;
import dev.llmchat.backend.system.InvalidRequestException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts, follows and stops generations. The user's message and an empty answer are stored before the model is
 * asked; the answer's text is flushed while it streams and its final state stored before the last event is sent,
 * so a client that sees {@code done} finds the answer in the database.
 */
@Service
class GenerationService {

	private static final Logger logger = LoggerFactory.getLogger(GenerationService.class);

	private final ChatService chats;

	private final ConversationStore store;

	private final ContextWindow window;

	private final LlmClient llm;

	private final GenerationRegistry registry;

	private final GenerationLimiter limiter;

	private final GenerationProperties properties;

	private final LlmProperties llmProperties;

	private final JsonMapper json;

	/** Final writes happen here, never on the network threads that deliver the model's stream. */
	private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();

	GenerationService(ChatService chats, ConversationStore store, ContextWindow window, LlmClient llm,
			GenerationRegistry registry, GenerationLimiter limiter, GenerationProperties properties,
			LlmProperties llmProperties, JsonMapper json) {
		this.chats = chats;
		this.store = store;
		this.window = window;
		this.llm = llm;
		this.registry = registry;
		this.limiter = limiter;
		this.properties = properties;
		this.llmProperties = llmProperties;
		this.json = json;
	}

	Generation start(Long userId, GenerateRequest request) {
		String prompt = request.prompt();
		if (prompt.isBlank()) {
			throw new InvalidRequestException("The prompt is empty; type a message.");
		}
		int bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > this.properties.maxPromptBytes()) {
			throw new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "The prompt is " + bytes
					+ " bytes long; the most accepted is " + this.properties.maxPromptBytes() + ". Shorten it.");
		}
		AtomicBoolean reserved = new AtomicBoolean();
		Generation generation = null;
		try {
			// ownership first (404), then this chat's one running answer (409), then the rate limit (429): a refused
			// request does not use up the allowance
			ConversationStore.Exchange exchange = this.store.begin(userId, request.chatId(), prompt, request.model(),
					this.llmProperties.defaultModel(), () -> {
						if (!this.registry.reserve(request.chatId())) {
							throw new ConflictException(
									"An answer is already being generated in this chat; wait for it or stop it.");
						}
						reserved.set(true);
						this.limiter.acquire(userId);
					});
			generation = new Generation(exchange.chatId(), exchange.answerId(), exchange.model(), this.json);
			this.registry.register(generation);
			launch(generation, exchange, request.options());
			return generation;
		}
		catch (RuntimeException ex) {
			if (generation != null) {
				LlmException failure = (ex instanceof LlmException llmFailure) ? llmFailure
						: new LlmException(LlmException.Kind.REJECTED, ex.getMessage());
				endAndWait(generation, MessageStatus.ERROR, "error", failure);
			}
			else if (reserved.get()) {
				this.registry.release(request.chatId());
			}
			throw ex;
		}
	}

	/** Fits the conversation into the model's window and sends it. */
	private void launch(Generation generation, ConversationStore.Exchange exchange, GenerateRequest.Options options) {
		Integer maxTokens = (options != null && options.maxTokens() != null) ? options.maxTokens() : exchange.maxTokens();
		Double temperature = (options != null && options.temperature() != null) ? options.temperature()
				: exchange.temperature();
		Ask ask = new Ask(new ContextWindow.Conversation(exchange.model(), exchange.systemPrompt(), exchange.history(),
				exchange.prompt(), maxTokens), temperature, (options != null) ? options.topP() : null);
		send(generation, ask, this.window.fit(ask.conversation()));
	}

	/**
	 * Sends a fitted conversation. When the server refuses it as too long before any text, it is fitted again from
	 * the server's numbers and sent again, until it fits or the prompt alone is refused (413); the person sees none of
	 * it but the outcome.
	 */
	private void send(Generation generation, Ask ask, ContextWindow.Fitted fitted) {
		generation.attach(this.llm.stream(ask.request(fitted.messages())).subscribe(chunk -> {
			if (chunk instanceof LlmChunk.End) {
				end(generation, MessageStatus.COMPLETE, null, null);
			}
			else {
				generation.onChunk(chunk);
			}
		}, error -> {
			LlmException failure = (error instanceof LlmException llmFailure) ? llmFailure
					: new LlmException(LlmException.Kind.TRUNCATED, "The answer failed: " + error.getMessage());
			if (failure.kind() == LlmException.Kind.CONTEXT_TOO_LONG && !generation.hasText()) {
				this.writer.execute(() -> refit(generation, ask, fitted, failure));
			}
			else {
				end(generation, MessageStatus.ERROR, "error", failure);
			}
		}, () -> end(generation, MessageStatus.COMPLETE, null, null)), fitted.promptTokens());
	}

	private void refit(Generation generation, Ask ask, ContextWindow.Fitted refused, LlmException refusal) {
		try {
			send(generation, ask, this.window.refit(ask.conversation(), refused, refusal.overflow()));
		}
		catch (RuntimeException ex) {
			end(generation, MessageStatus.ERROR, "error", (ex instanceof LlmException llmFailure) ? llmFailure : refusal);
		}
	}

	/** Stops the chat's generation, if any, and returns once its text is stored as interrupted. */
	void stop(Long userId, Long chatId) {
		this.chats.findOwned(userId, chatId);
		this.registry.find(chatId).ifPresent(generation -> endAndWait(generation, MessageStatus.INTERRUPTED, "stopped", null));
	}

	Generation running(Long userId, Long chatId) {
		this.chats.findOwned(userId, chatId);
		return this.registry.find(chatId).orElse(null);
	}

	@EventListener
	void chatDeleted(ChatDeletedEvent event) {
		this.registry.find(event.chatId())
			.ifPresent(generation -> endAndWait(generation, MessageStatus.INTERRUPTED, "stopped", null));
	}

	/** Writes the text of every streaming answer that grew since the last flush, in one transaction. */
	@Scheduled(fixedDelayString = "${llmchat.generation.flush-interval}")
	void flush() {
		List<ConversationStore.Progress> progress = new ArrayList<>();
		for (Generation generation : this.registry.all()) {
			ConversationStore.Progress item = generation.progressToFlush();
			if (item != null) {
				progress.add(item);
			}
		}
		try {
			this.store.saveProgress(progress);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not save the progress of {} streaming answer(s); will retry: {}", progress.size(),
					ex.getMessage());
		}
	}

	/** On shutdown, running answers keep their text and end as interrupted. */
	@PreDestroy
	void shutdown() throws InterruptedException {
		for (Generation generation : List.copyOf(this.registry.all())) {
			endAndWait(generation, MessageStatus.INTERRUPTED, "interrupted", null);
		}
		this.writer.shutdown();
		this.writer.awaitTermination(10, TimeUnit.SECONDS);
	}

	private void endAndWait(Generation generation, MessageStatus status, String reason, LlmException error) {
		end(generation, status, reason, error);
		try {
			generation.finished().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.warn("Answer {} did not finish storing in time: {}", generation.answerId(), ex.toString());
		}
	}

	private void end(Generation generation, MessageStatus status, String reason, LlmException error) {
		generation.end(status, reason, error, answer -> this.writer.execute(() -> persist(generation, answer)));
	}

	private void persist(Generation generation, ConversationStore.FinalAnswer answer) {
		try {
			this.store.finish(generation.chatId(), answer);
		}
		catch (RuntimeException ex) {
			logger.error("Could not store the final state of answer {}", generation.answerId(), ex);
		}
		finally {
			this.registry.release(generation.chatId());
			generation.close(answer);
		}
	}

	/**
	 * One question to the model, whichever part of the conversation is sent.
	 *
	 * @param conversation what is fitted into the window
	 * @param temperature the sampling temperature, null for the server's
	 * @param topP the nucleus sampling limit, null for the server's
	 */
	private record Ask(ContextWindow.Conversation conversation, Double temperature, Double topP) {

		LlmRequest request(List<LlmMessage> messages) {
			return new LlmRequest(this.conversation.model(), messages, this.temperature, this.topP,
					this.conversation.maxTokens());
		}

	}

}
