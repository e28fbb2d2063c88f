package dev.llmchat.frontend.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.system.FrontendProperties;

/**
 * Hands the backend's {@code text/event-stream} to the browser byte for byte, as each piece arrives: the events are
 * neither parsed nor re-serialized here.
 *
 * <p>The relay runs in the request itself, on its thread: request threads are virtual
 * ({@code spring.threads.virtual.enabled}), so waiting for the backend parks the thread for next to nothing, and a
 * slow browser blocks only its own stream. Answering in the request spares the asynchronous dispatches an async
 * return value costs (one when the backend's headers arrive, one when the stream ends), each of which runs every
 * filter again: security, session cookie, CSRF, observation.
 */
@Component
class EventStreamRelay {

	private static final Logger log = LoggerFactory.getLogger(EventStreamRelay.class);

	private static final String CACHE_CONTROL = CacheControl.noStore().getHeaderValue();

	private final Duration timeout;

	private final RelayMetrics metrics;

	EventStreamRelay(FrontendProperties properties, RelayMetrics metrics) {
		this.timeout = properties.streamTimeout();
		this.metrics = metrics;
	}

	/**
	 * Waits for the backend's status and headers, then relays its answer stream until it ends, the browser leaves or
	 * the stream's timeout passes. An error status of the backend is thrown before anything is written.
	 */
	void relay(Mono<ResponseEntity<Flux<DataBuffer>>> backend, HttpServletResponse response) {
		ResponseEntity<Flux<DataBuffer>> answer = backend
			.doOnError(BackendUnavailableException.class, (ex) -> this.metrics.unreachable())
			.block();
		Flux<DataBuffer> body = (answer != null) ? answer.getBody() : null;
		if (body == null || answer.getStatusCode().isSameCodeAs(HttpStatus.NO_CONTENT)) {
			if (body != null) {
				body.subscribe(DataBufferUtils::release);
			}
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return;
		}
		response.setStatus(answer.getStatusCode().value());
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
		response.setHeader("X-Accel-Buffering", "no");
		this.metrics.opened();
		// closing the pieces cancels the backend's stream: a browser that leaves ends the relay, not the generation
		try (Stream<DataBuffer> pieces = body.take(this.timeout).toStream()) {
			copy(pieces.iterator(), response.getOutputStream());
		}
		catch (IOException ex) {
			log.debug("The browser left before the relayed event stream ended", ex);
		}
		catch (RuntimeException ex) {
			log.debug("The relayed event stream ended early", ex);
			this.metrics.broken();
		}
		finally {
			this.metrics.closed();
		}
	}

	/**
	 * @throws IOException when writing to the browser fails (it went away)
	 * @throws RuntimeException when the backend's stream fails
	 */
	private static void copy(Iterator<DataBuffer> pieces, ServletOutputStream browser) throws IOException {
		while (pieces.hasNext()) {
			DataBuffer piece = pieces.next();
			byte[] bytes = new byte[piece.readableByteCount()];
			piece.read(bytes);
			DataBufferUtils.release(piece);
			browser.write(bytes);
			browser.flush();
		}
	}

}
