package dev.llmchat.backend.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Writes a generation's events to a {@code text/event-stream} response as the bytes each event was framed in once,
 * without holding a request thread: the response is asynchronous, and each stream's writes run on virtual threads,
 * never on the model server's network threads that produce the events.
 */
@Component
class EventStreamWriter implements DisposableBean {

	/** Streams end by themselves when the answer ends; this only bounds a stream whose answer never does. */
	private static final Duration STREAM_LIMIT = Duration.ofMinutes(30);

	private final Scheduler writers = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(),
			"generation-stream");

	ResponseEntity<ResponseBodyEmitter> write(Flux<GenerationEvent> events) {
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(STREAM_LIMIT.toMillis());
		Disposable subscription = events.publishOn(this.writers)
			.subscribe((event) -> send(emitter, event), (error) -> emitter.complete(), emitter::complete);
		emitter.onTimeout(() -> {
			subscription.dispose();
			emitter.complete();
		});
		emitter.onCompletion(subscription::dispose);
		emitter.onError((error) -> subscription.dispose());
		return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
	}

	private static void send(ResponseBodyEmitter emitter, GenerationEvent event) {
		try {
			emitter.send(event.frame(), MediaType.TEXT_EVENT_STREAM);
		}
		catch (IOException ex) {
			// the client went away: cancelling the subscription ends this stream only, the answer goes on
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void destroy() {
		this.writers.dispose();
	}

}
