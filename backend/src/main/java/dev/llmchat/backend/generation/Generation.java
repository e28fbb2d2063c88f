package dev.llmchat.backend.generation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.llmchat.backend.chat.ConversationStore;
import dev.llmchat.backend.chat.MessageStatus;
import dev.llmchat.backend.llm.LlmChunk;
import dev.llmchat.backend.llm.LlmException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer being generated. It belongs to the server, not to a connection: clients follow its event log (replayed
 * from any point, then live) and may come and go; the text grows here and is flushed to the database by the
 * service. All state changes happen under this object's lock, so events keep their order whichever thread (the
 * model server's stream, a stop request) causes them.
 */
final class Generation {

	private final Long chatId;

	private final Long answerId;

	private final String model;

	private final String question;

	private final JsonMapper json;

	private final long startNanos = System.nanoTime();

	private final Sinks.Many<GenerationEvent> events = Sinks.many().replay().all();

	/**
	 * Completes when the answer has started (first text) or ended; fails when it failed before any text, once that
	 * failure is stored.
	 */
	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final CompletableFuture<ConversationStore.FinalAnswer> finished = new CompletableFuture<>();

	private final StringBuilder text = new StringBuilder();

	private long sequence;

	private int tokens;

	private int flushedLength;

	private Long ttftMs;

	private String finishReason;

	private LlmChunk.Usage usage;

	private Integer estimatedPromptTokens;

	private boolean ending;

	private LlmException failure;

	private Disposable upstream;

	Generation(Long chatId, Long answerId, String model, String question, JsonMapper json) {
		this.chatId = chatId;
		this.answerId = answerId;
		this.model = model;
		this.question = question;
		this.json = json;
		emit(new EventPayloads.Start(answerId, model));
	}

	Long chatId() {
		return this.chatId;
	}

	Long answerId() {
		return this.answerId;
	}

	String model() {
		return this.model;
	}

	/** The question it answers. */
	String question() {
		return this.question;
	}

	/** The events after {@code lastEventId} (all with 0), then the live ones until the answer ends. */
	Flux<GenerationEvent> events(long lastEventId) {
		Flux<GenerationEvent> all = this.events.asFlux();
		return lastEventId > 0 ? all.filter(event -> event.id() > lastEventId) : all;
	}

	CompletableFuture<Void> ready() {
		return this.ready;
	}

	CompletableFuture<ConversationStore.FinalAnswer> finished() {
		return this.finished;
	}

	synchronized void attach(Disposable upstream, Integer estimatedPromptTokens) {
		this.estimatedPromptTokens = estimatedPromptTokens;
		if (this.ending) {
			upstream.dispose();
		}
		else {
			this.upstream = upstream;
		}
	}

	/** Why the answer failed, once it has ended in error. */
	synchronized LlmException failure() {
		return this.failure;
	}

	synchronized boolean hasText() {
		return this.tokens > 0;
	}

	synchronized void onChunk(LlmChunk chunk) {
		if (this.ending) {
			return;
		}
		switch (chunk) {
			case LlmChunk.Token token -> {
				if (this.ttftMs == null) {
					this.ttftMs = elapsedMs();
				}
				this.text.append(token.text());
				this.tokens++;
				emit(new EventPayloads.Token(token.text()));
				this.ready.complete(null);
			}
			case LlmChunk.Finish finish -> this.finishReason = finish.reason();
			case LlmChunk.Usage reported -> this.usage = reported;
			case LlmChunk.End end -> {
				// the service ends the answer
			}
		}
	}

	/** The text written since the last flush, or null when there is nothing new. */
	synchronized ConversationStore.Progress progressToFlush() {
		if (this.ending || this.text.length() == this.flushedLength) {
			return null;
		}
		this.flushedLength = this.text.length();
		return new ConversationStore.Progress(this.answerId, this.text.toString(), this.tokens);
	}

	/**
	 * Ends the answer once: cancels the model server's request if it still runs (unless the answer is complete), and
	 * hands the final state to {@code persist}, which stores it and then calls {@link #close}. Later calls do nothing.
	 */
	synchronized boolean end(MessageStatus status, String reason, LlmException error,
			Consumer<ConversationStore.FinalAnswer> persist) {
		if (this.ending) {
			return false;
		}
		this.ending = true;
		this.failure = error;
		// a complete answer's response ends by itself and keeps its connection; anything else is cut off here
		if (this.upstream != null && status != MessageStatus.COMPLETE) {
			this.upstream.dispose();
		}
		Integer promptTokens = this.usage != null ? Integer.valueOf(this.usage.promptTokens()) : this.estimatedPromptTokens;
		int completionTokens = this.usage != null ? this.usage.completionTokens() : this.tokens;
		String finish = reason != null ? reason : (this.finishReason != null ? this.finishReason : "stop");
		ConversationStore.FinalAnswer answer = new ConversationStore.FinalAnswer(this.answerId, this.text.toString(),
				status, finish, error == null ? null : error.getMessage(), promptTokens, completionTokens, this.ttftMs,
				elapsedMs());
		persist.accept(answer);
		return true;
	}

	/** After the final state is stored: the last event, then the end of the stream. */
	synchronized void close(ConversationStore.FinalAnswer answer) {
		if (answer.status() == MessageStatus.ERROR) {
			emit(new EventPayloads.Error(this.answerId, answer.error()));
		}
		else {
			Integer prompt = answer.promptTokens();
			Integer completion = answer.completionTokens();
			Integer total = (prompt == null || completion == null) ? null : prompt + completion;
			emit(new EventPayloads.Done(this.answerId, answer.finishReason(),
					new EventPayloads.Usage(prompt, completion, total), answer.ttftMs(), answer.durationMs(),
					answer.status().wireName()));
		}
		this.events.tryEmitComplete();
		if (this.failure != null && this.tokens == 0) {
			this.ready.completeExceptionally(this.failure);
		}
		this.ready.complete(null);
		this.finished.complete(answer);
	}

	private void emit(Object payload) {
		this.sequence++;
		this.events.tryEmitNext(GenerationEvent.of(this.sequence, this.json.writeValueAsBytes(payload)));
	}

	private long elapsedMs() {
		return Duration.ofNanos(System.nanoTime() - this.startNanos).toMillis();
	}

}
