package dev.llmchat.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorMainTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void exitsWithStatusTwoAndAnErrorForBadArguments() {
		int status = run("--tokens-per-second", "fast");

		assertThat(status).isEqualTo(2);
		assertThat(text(this.out)).isEmpty();
		assertThat(text(this.err)).contains("--tokens-per-second needs a number, got 'fast'").contains("--help");
	}

	@Test
	void printsTheUsageForHelp() {
		int status = run("--help");

		assertThat(status).isZero();
		assertThat(text(this.out)).contains("Usage: java -jar vllm-simulator-exec.jar")
			.contains("--ttft-ms")
			.contains("stall-before-first-token");
	}

	@Test
	void exitsWithStatusOneWhenThePortIsTaken() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int status = run("--port", Integer.toString(taken.getLocalPort()));

			assertThat(status).isEqualTo(1);
			assertThat(text(this.err)).startsWith("vllm-simulator: cannot listen on 127.0.0.1:" + taken.getLocalPort());
		}
	}

	private int run(String... args) {
		return SimulatorMain.run(args, print(this.out), print(this.err));
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
