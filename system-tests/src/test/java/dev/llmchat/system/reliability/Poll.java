package dev.llmchat.system.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for what a running system will do: asking again every 20 ms until it has, or a deadline passed. */
final class Poll {

	private static final Duration INTERVAL = Duration.ofMillis(20);

	private Poll() {
	}

	/**
	 * Returns how long it took until {@code done}; fails with {@code otherwise}'s sentence when it was not done
	 * within {@code deadline}.
	 */
	static Duration until(BooleanSupplier done, Duration deadline, Supplier<String> otherwise) {
		long start = System.nanoTime();
		long end = start + deadline.toNanos();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError(otherwise.get());
			}
			try {
				Thread.sleep(INTERVAL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
