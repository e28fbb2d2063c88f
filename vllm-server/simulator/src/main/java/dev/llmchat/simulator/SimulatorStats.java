package dev.llmchat.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator has served, for tests, {@code /sim/stats} and {@code /metrics}.
 */
final class SimulatorStats {

	private final LongAdder completed = new LongAdder();

	private final LongAdder cancelled = new LongAdder();

	private final LongAdder tokenize = new LongAdder();

	private final LongAdder finishedByStop = new LongAdder();

	private final LongAdder finishedByLength = new LongAdder();

	private final LongAdder promptTokens = new LongAdder();

	private final LongAdder generationTokens = new LongAdder();

	private final AtomicInteger activeStreams = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	void started(boolean stream) {
		this.running.incrementAndGet();
		if (stream) {
			this.activeStreams.incrementAndGet();
		}
	}

	void completed(boolean stream, Answer answer) {
		ended(stream);
		this.completed.increment();
		(answer.cutByLength() ? this.finishedByLength : this.finishedByStop).increment();
		this.promptTokens.add(answer.promptTokens());
		this.generationTokens.add(answer.completionTokens());
	}

	void cancelled(boolean stream) {
		ended(stream);
		this.cancelled.increment();
	}

	/**
	 * A request that ended neither by completing nor by the client going away: a fault cut it short.
	 */
	void failed(boolean stream) {
		ended(stream);
	}

	void tokenizeReceived() {
		this.tokenize.increment();
	}

	long completed() {
		return this.completed.sum();
	}

	long cancelled() {
		return this.cancelled.sum();
	}

	long tokenize() {
		return this.tokenize.sum();
	}

	int activeStreams() {
		return this.activeStreams.get();
	}

	int running() {
		return this.running.get();
	}

	long finishedByStop() {
		return this.finishedByStop.sum();
	}

	long finishedByLength() {
		return this.finishedByLength.sum();
	}

	long promptTokens() {
		return this.promptTokens.sum();
	}

	long generationTokens() {
		return this.generationTokens.sum();
	}

	private void ended(boolean stream) {
		this.running.decrementAndGet();
		if (stream) {
			this.activeStreams.decrementAndGet();
		}
	}

}
