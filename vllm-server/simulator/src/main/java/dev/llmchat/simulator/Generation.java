package dev.llmchat.simulator;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.SignalType;

/**
 * The life of one chat completion in the statistics: counted as running when it starts and as exactly one of
 * completed, cancelled or failed when it ends. Completion is counted before the last bytes go out, so a client that
 * has read the whole answer also sees it counted.
 */
final class Generation {

	private final SimulatorStats stats;

	private final boolean stream;

	private final Answer answer;

	private final AtomicBoolean ended = new AtomicBoolean();

	Generation(SimulatorStats stats, boolean stream, Answer answer) {
		this.stats = stats;
		this.stream = stream;
		this.answer = answer;
	}

	void started() {
		this.stats.started(this.stream);
	}

	void completed() {
		if (this.ended.compareAndSet(false, true)) {
			this.stats.completed(this.stream, this.answer);
		}
	}

	/**
	 * Ends the generation on the terminal signal of its publisher, unless it completed already: cancelled when the
	 * client went away, failed otherwise (a fault cut it short).
	 */
	void finished(SignalType signal) {
		if (this.ended.compareAndSet(false, true)) {
			if (signal == SignalType.CANCEL) {
				this.stats.cancelled(this.stream);
			}
			else {
				this.stats.failed(this.stream);
			}
		}
	}

}
