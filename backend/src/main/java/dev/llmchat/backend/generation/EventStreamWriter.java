package dev.llmchat.backend.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.servlet.http.HttpServletResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes a generation's events to a {@code text/event-stream} response as the bytes each event was framed in once,
 * in the request itself: request threads are virtual ({@code spring.threads.virtual.enabled}), so waiting for the
 * next event parks the thread for next to nothing, and a slow client holds up only its own stream. Every event that
 * is ready goes out in one write and one flush. The model server's network threads that produce the events only
 * queue them. Answering in the request spares what an asynchronous response costs: Spring MVC's async machinery and
 * the dispatch at its end, which runs the filters and the dispatcher again.
 */
@Component
class EventStreamWriter {

	/** Returns when the answer's events end or the client went away; the answer goes on without it. */
	void write(Flux<GenerationEvent> events, HttpServletResponse response) throws IOException {
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		OutputStream out = response.getOutputStream();
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
