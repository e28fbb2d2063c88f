package dev.llmchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.llmchat.simulator.SimulatorConfig;

/**
 * What a browser test runs against and with: the {@link TestStack} and a {@link Chromium} whose screenshots go to
 * {@code target/screenshots}. Closing it quits the browser, then stops the stack.
 */
final class BrowserStack implements AutoCloseable {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final TestStack stack;

	private final Chromium chromium;

	private BrowserStack(TestStack stack, Chromium chromium) {
		this.stack = stack;
		this.chromium = chromium;
	}

	/**
	 * @param output where the stack's data and logs and the browser's profile go
	 * @param startDeadline how long each application may take to start
	 * @param waitDeadline how long the browser waits for a condition or a script
	 */
	static BrowserStack start(SimulatorConfig simulator, Path output, String logPrefix, Duration startDeadline,
			Duration waitDeadline) throws IOException {
		TestStack stack = TestStack.start(simulator, output, logPrefix, startDeadline);
		try {
			return new BrowserStack(stack, Chromium.start(output, SCREENSHOTS, waitDeadline));
		}
		catch (IOException | RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	TestStack stack() {
		return this.stack;
	}

	Chromium chromium() {
		return this.chromium;
	}

	@Override
	public void close() {
		try {
			this.chromium.close();
		}
		finally {
			this.stack.close();
		}
	}

}
