package dev.llmchat.backend.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Writes a generation's events to a {@code text/event-stream} response as the bytes each event was framed in once.
 * The response is asynchronous: one virtual thread per stream (Spring MVC's task executor) waits for events and
 * writes every event that is ready in one write and one flush, straight to the response's stream. The model
 * server's network threads that produce the events only queue them.
 */
@Component
class EventStreamWriter {

	ResponseEntity<StreamingResponseBody> write(Flux<GenerationEvent> events) {
		return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body((out) -> relay(events, out));
	}

	/** Returns when the answer's events end or the client went away; the answer goes on without it. */
	private static void relay(Flux<GenerationEvent> events, OutputStream out) {
		Pending pending = new Pending();
		Disposable subscription = events.subscribe(pending::add, (error) -> pending.end(), pending::end);
		try {
			List<GenerationEvent> ready = new ArrayList<>();
			boolean open = true;
			while (open) {
				open = pending.take(ready);
				for (GenerationEvent event : ready) {
					out.write(event.frame());
				}
				out.flush();
				ready.clear();
			}
		}
		catch (IOException ex) {
			// the client went away: this stream ends, the answer goes on
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			subscription.dispose();
		}
	}

	/** The events produced and not yet written, then the end. */
	private static final class Pending {

		private static final GenerationEvent END = new GenerationEvent(-1, new byte[0]);

		private final LinkedBlockingQueue<GenerationEvent> queue = new LinkedBlockingQueue<>();

		void add(GenerationEvent event) {
			this.queue.add(event);
		}

		void end() {
			this.queue.add(END);
		}

		/**
		 * Waits until something is ready and moves every event that is into {@code ready}; false when the end came
		 * with them (nothing follows it).
		 */
		boolean take(List<GenerationEvent> ready) throws InterruptedException {
			ready.add(this.queue.take());
			this.queue.drainTo(ready);
			int last = ready.size() - 1;
			if (ready.get(last) != END) {
				return true;
			}
			ready.remove(last);
			return false;
		}

	}

}
