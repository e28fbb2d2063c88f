package dev.llmchat.backend.generation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import dev.llmchat.backend.chat.ChatDeletedEvent;
import dev.llmchat.backend.chat.ChatService;
import dev.llmchat.backend.chat.ConversationStore;
import dev.llmchat.backend.chat.MessageStatus;
import dev.llmchat.backend.cluster.ClusterBus;
import dev.llmchat.backend.cluster.Replica;
import dev.llmchat.backend.llm.LlmChunk;
import dev.llmchat.backend.llm.LlmClient;
import dev.llmchat.backend.llm.LlmException;
import dev.llmchat.backend.llm.LlmMessage;
import dev.llmchat.backend.llm.LlmProperties;
import dev.llmchat.backend.llm.LlmRequest;
import dev.llmchat.backend.system.ConflictException;
import dev.llmchat.backend.system.InvalidRequestException;
import dev.llmchat.backend.system.TooManyRequestsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts, follows and stops generations. The user's message and an empty answer are stored before the model is
 * asked; the answer's text is flushed while it streams and its final state stored before the last event is sent,
 * so a client that sees {@code done} finds the answer in the database.
 */
@Service
class GenerationService implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(GenerationService.class);

	static final String STOP = "answer.stop";

	/** How long stopping an answer of another replica waits for it to be stored as interrupted. */
	static final Duration STOP_WAIT = Duration.ofSeconds(3);

	private static final Duration STOP_POLL = Duration.ofMillis(50);

	private final ChatService chats;

	private final ConversationStore store;

	private final ContextWindow window;

	private final LlmClient llm;

	private final GenerationRegistry registry;

	private final GenerationLimiter limiter;

	private final GenerationProperties properties;

	private final LlmProperties llmProperties;

	private final JsonMapper json;

	private final Replica replica;

	private final ClusterBus bus;

	private final AnswerRelay relay;

	private final Clock clock;

	private final GenerationMetrics metrics;

	private final ChatTitler titler;

	/** Final writes happen here, never on the network threads that deliver the model's stream. */
	private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();

	GenerationService(ChatService chats, ConversationStore store, ContextWindow window, LlmClient llm,
			GenerationRegistry registry, GenerationLimiter limiter, GenerationProperties properties,
			LlmProperties llmProperties, JsonMapper json, Replica replica, ClusterBus bus, AnswerRelay relay,
			Clock clock, GenerationMetrics metrics, ChatTitler titler) {
		this.chats = chats;
		this.store = store;
		this.window = window;
		this.llm = llm;
		this.registry = registry;
		this.limiter = limiter;
		this.properties = properties;
		this.llmProperties = llmProperties;
		this.json = json;
		this.replica = replica;
		this.bus = bus;
		this.relay = relay;
		this.clock = clock;
		this.metrics = metrics;
		this.titler = titler;
		bus.subscribe(STOP, (message) -> this.registry.findAnswer(Long.parseLong(message.body()))
			.ifPresent((generation) -> this.writer.execute(
					() -> endAndWait(generation, MessageStatus.INTERRUPTED, "stopped", null))));
	}

	/**
	 * Starts an answer in the chat: to a new question after the branch it shows, to a new version of a question, or a
	 * new version of an answer ({@code prompt}); {@code model} and {@code options} override the chat's settings.
	 */
	Generation start(Long userId, Long chatId, ConversationStore.Prompt prompt, String model,
			GenerateRequest.Options options) {
		switch (prompt) {
			case ConversationStore.Prompt.Next next -> checkText(next.text());
			case ConversationStore.Prompt.Edit edit -> checkText(edit.text());
			case ConversationStore.Prompt.Regenerate regenerate -> {
				// asks again the question stored already
			}
		}
		Generation generation = null;
		try {
			// ownership first (404), then this chat's one running answer on any replica (409), then the rate limit
			// (429): a refused request does not use up the allowance
			ConversationStore.Exchange exchange = this.store.begin(userId, chatId, prompt, model,
					this.llmProperties.defaultModel(), new ConversationStore.AnswerOwner(this.replica.id(), leaseUntil()),
					() -> this.limiter.acquire(userId));
			generation = new Generation(exchange.chatId(), exchange.answerId(), exchange.model(), exchange.prompt(),
					this.json);
			this.registry.register(generation);
			if (exchange.wantsTitle() && this.properties.modelTitles()) {
				generation.finished().thenAccept(answer -> this.titler.titleLater(exchange, answer));
			}
			launch(generation, exchange, options);
			return generation;
		}
		catch (ConflictException | TooManyRequestsException ex) {
			this.metrics.rejected(model);
			throw ex;
		}
		catch (RuntimeException ex) {
			if (generation != null) {
				LlmException failure = (ex instanceof LlmException llmFailure) ? llmFailure
						: new LlmException(LlmException.Kind.REJECTED, ex.getMessage());
				endAndWait(generation, MessageStatus.ERROR, "error", failure);
			}
			throw ex;
		}
	}

	private void checkText(String prompt) {
		if (prompt.isBlank()) {
			throw new InvalidRequestException("The prompt is empty; type a message.");
		}
		int bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > this.properties.maxPromptBytes()) {
			throw new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "The prompt is " + bytes
					+ " bytes long; the most accepted is " + this.properties.maxPromptBytes() + ". Shorten it.");
		}
	}

	/** Fits the conversation into the model's window and sends it; the request's options win over the chat's. */
	private void launch(Generation generation, ConversationStore.Exchange exchange, GenerateRequest.Options options) {
		Integer maxTokens = (options != null && options.maxTokens() != null) ? options.maxTokens() : exchange.maxTokens();
		Double temperature = (options != null && options.temperature() != null) ? options.temperature()
				: exchange.temperature();
		Double topP = (options != null && options.topP() != null) ? options.topP() : exchange.topP();
		Ask ask = new Ask(new ContextWindow.Conversation(exchange.model(), exchange.systemPrompt(), exchange.history(),
				exchange.prompt(), maxTokens), temperature, topP);
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

	/**
	 * Stops the chat's running answer, if any, and returns once its text is stored as interrupted: at once when this
	 * replica generates it; else its owner is asked to, and this returns when it has (within {@link #STOP_WAIT}), or
	 * ends it here when the owner's lease ran out.
	 */
	void stop(Long userId, Long chatId) {
		this.chats.findOwned(userId, chatId);
		Optional<Generation> local = this.registry.find(chatId);
		if (local.isPresent()) {
			endAndWait(local.get(), MessageStatus.INTERRUPTED, "stopped", null);
			return;
		}
		this.store.runningAnswer(chatId).ifPresent(this::stopElsewhere);
	}

	private void stopElsewhere(ConversationStore.RunningAnswer answer) {
		this.bus.send(answer.owner(), STOP, Long.toString(answer.answerId()));
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.store.statusOf(answer.answerId()).filter((status) -> status == MessageStatus.STREAMING).isEmpty()) {
				return;
			}
			sleep(STOP_POLL);
		}
		this.store.interruptExpired(this.clock.millis());
	}

	/**
	 * The events of the chat's running answer after {@code lastEventId}, then live, from whichever replica generates
	 * it; empty when no answer runs.
	 */
	Optional<Flux<GenerationEvent>> follow(Long userId, Long chatId, long lastEventId) {
		this.chats.findOwned(userId, chatId);
		Optional<Generation> local = this.registry.find(chatId);
		if (local.isPresent()) {
			return Optional.of(local.get().events(lastEventId));
		}
		return this.store.runningAnswer(chatId).map((answer) -> this.relay.follow(answer, lastEventId));
	}

	@EventListener
	void chatDeleted(ChatDeletedEvent event) {
		Optional<Generation> local = this.registry.find(event.chatId());
		if (local.isPresent()) {
			endAndWait(local.get(), MessageStatus.INTERRUPTED, "stopped", null);
		}
		else {
			this.store.runningAnswer(event.chatId())
				.ifPresent((answer) -> this.bus.send(answer.owner(), STOP, Long.toString(answer.answerId())));
		}
	}

	/** Keeps the answers this replica generates its own: other replicas end an answer whose lease runs out. */
	@Scheduled(fixedDelayString = "${llmchat.generation.lease-renewal}")
	void renewLeases() {
		if (!this.registry.all().isEmpty()) {
			this.store.renewLeases(this.replica.id(), leaseUntil());
		}
	}

	/**
	 * Before the first request, a backend alone on its database (SQLite) ends every answer left streaming: nothing
	 * generates them any more. Replicas sharing a database leave them to {@link #interruptAbandoned}: another
	 * replica may be generating them.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (!this.replica.shared()) {
			report(this.store.interruptAll());
		}
	}

	/** Ends, keeping their text, the answers whose owner stopped renewing them: it died or lost the database. */
	@Scheduled(fixedDelayString = "${llmchat.generation.lease-renewal}")
	void interruptAbandoned() {
		report(this.store.interruptExpired(this.clock.millis()));
	}

	private static void report(int interrupted) {
		if (interrupted > 0) {
			logger.warn("Marked {} answer(s) that nothing generates any more as interrupted", interrupted);
		}
	}

	private long leaseUntil() {
		return this.clock.millis() + this.properties.lease().toMillis();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
			this.metrics.ended(generation.model(), answer);
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
