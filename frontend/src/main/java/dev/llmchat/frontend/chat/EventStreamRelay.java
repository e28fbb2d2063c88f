package dev.llmchat.frontend.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.system.FrontendProperties;

/**
 * Hands the backend's {@code text/event-stream} to the browser byte for byte, as each piece arrives, without
 * holding a request thread: the events are neither parsed nor re-serialized here.
 */
@Component
class EventStreamRelay implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EventStreamRelay.class);

	private final long timeoutMillis;

	/**
	 * Writing to the servlet response may block on a slow browser, so never on the HTTP client's event loop; each
	 * stream's writes run on virtual threads, so that a thousand streams do not queue on a few platform threads.
	 */
	private final Scheduler writers = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(),
			"event-stream-relay");

	private final RelayMetrics metrics;

	EventStreamRelay(FrontendProperties properties, RelayMetrics metrics) {
		this.timeoutMillis = properties.streamTimeout().toMillis();
		this.metrics = metrics;
	}

	/** The backend's answer stream, relayed once the backend has answered with its status and headers. */
	Mono<ResponseEntity<ResponseBodyEmitter>> relay(Mono<ResponseEntity<Flux<DataBuffer>>> backend) {
		return backend.doOnError(BackendUnavailableException.class, (ex) -> this.metrics.unreachable())
			.map(this::relay);
	}

	private ResponseEntity<ResponseBodyEmitter> relay(ResponseEntity<Flux<DataBuffer>> backend) {
		Flux<DataBuffer> body = backend.getBody();
		if (backend.getStatusCode().value() == HttpStatus.NO_CONTENT.value() || body == null) {
			if (body != null) {
				body.subscribe(DataBufferUtils::release);
			}
			return ResponseEntity.noContent().build();
		}
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(this.timeoutMillis);
		this.metrics.opened();
		Disposable subscription = body.publishOn(this.writers)
			.doFinally((signal) -> this.metrics.closed())
			.subscribe((buffer) -> send(emitter, buffer), (error) -> {
				log.debug("The relayed event stream ended early", error);
				if (!(error instanceof BrowserGoneException)) {
					this.metrics.broken();
				}
				emitter.complete();
			}, emitter::complete);
		emitter.onCompletion(subscription::dispose);
		emitter.onTimeout(subscription::dispose);
		emitter.onError((error) -> subscription.dispose());
		return ResponseEntity.status(backend.getStatusCode())
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no")
			.body(emitter);
	}

	private static void send(ResponseBodyEmitter emitter, DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		DataBufferUtils.release(buffer);
		try {
			emitter.send(bytes, MediaType.TEXT_EVENT_STREAM);
		}
		catch (IOException ex) {
			// the browser went away: cancelling the subscription closes the backend stream (the generation goes on)
			throw new BrowserGoneException(ex);
		}
	}

	@Override
	public void destroy() {
		this.writers.dispose();
	}

	/** Writing to the browser failed: it went away, which ends the relay but is no error of it. */
	private static final class BrowserGoneException extends UncheckedIOException {

		BrowserGoneException(IOException cause) {
			super(cause);
		}

	}

}
