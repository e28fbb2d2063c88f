package dev.llmchat.backend.llm;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Times out streams that go silent: nothing within the first wait, or nothing for the idle wait after an item. One
 * sweep every {@link #TICK} looks at every watched stream, instead of a timer set and cancelled for each item (on a
 * queue shared by every stream, which cost more than reading the item). A stream is cut at most one tick late.
 */
final class SilenceWatch implements AutoCloseable {

	static final Duration TICK = Duration.ofMillis(100);

	private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

	private final Disposable sweeps = Schedulers.parallel()
		.schedulePeriodically(this::sweep, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);

	/**
	 * The source's items; it is cancelled and the flux fails with a {@link TimeoutException} when no item comes within
	 * {@code first}, or none within {@code idle} after the last one.
	 */
	<T> Flux<T> watch(Flux<T> source, Duration first, Duration idle) {
		return Flux.defer(() -> {
			Watched stream = new Watched(first.toNanos(), idle.toNanos());
			this.watched.add(stream);
			return source.doOnNext((item) -> stream.heard())
				.doOnComplete(stream::ended)
				.takeUntilOther(stream.silence.asMono())
				.concatWith(Mono.defer(() -> stream.timedOut() ? Mono.error(new TimeoutException()) : Mono.empty()))
				.doFinally((signal) -> this.watched.remove(stream));
		});
	}

	private void sweep() {
		long now = System.nanoTime();
		for (Watched stream : this.watched) {
			stream.check(now);
		}
	}

	@Override
	public void close() {
		this.sweeps.dispose();
	}

	private static final class Watched {

		private final Sinks.Empty<Void> silence = Sinks.empty();

		private final long first;

		private final long idle;

		private volatile long lastHeard = System.nanoTime();

		private volatile boolean anything;

		private volatile boolean timedOut;

		private volatile boolean ended;

		Watched(long first, long idle) {
			this.first = first;
			this.idle = idle;
		}

		void heard() {
			this.lastHeard = System.nanoTime();
			this.anything = true;
		}

		void ended() {
			this.ended = true;
		}

		void check(long now) {
			if (!this.ended && now - this.lastHeard > (this.anything ? this.idle : this.first)) {
				this.timedOut = true;
				this.silence.tryEmitEmpty();
			}
		}

		/** Whether the stream was cut for its silence (not ended by itself at the same moment). */
		boolean timedOut() {
			return this.timedOut && !this.ended;
		}

	}

}
