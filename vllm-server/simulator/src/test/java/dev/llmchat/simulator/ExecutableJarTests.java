package dev.llmchat.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code target/vllm-simulator-exec.jar} as other modules' scripts do; failsafe runs it after packaging.
 */
class ExecutableJarTests {

	private static final Pattern LISTENING = Pattern
		.compile("vLLM simulator listening on (http://127\\.0\\.0\\.1:\\d+)/v1 \\(model (.+)\\) — answers are SIMULATED");

	private static final Path JAR = Path.of(System.getProperty("simulator.jar", "target/vllm-simulator-exec.jar"));

	@Test
	void servesChatCompletionsAndTheAdminEndpoints() throws Exception {
		Process process = java("--port", "0", "--model", "sim/model", "--answer-tokens", "3").start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String firstLine = output.readLine();
			Matcher started = LISTENING.matcher(String.valueOf(firstLine));
			assertThat(started.matches()).as(firstLine).isTrue();
			assertThat(started.group(2)).isEqualTo("sim/model");
			SimulatorClient client = new SimulatorClient(started.group(1));

			assertThat(client.get("/health").statusCode()).isEqualTo(200);
			assertThat(SimulatorClient.events(client
				.post("/v1/chat/completions", SimulatorClient.streamingChat("Hi").put("model", "sim/model").toString())
				.body())).hasSize(1 + 3 + 1 + 1);
			assertThat(client.post("/sim/fault", "{\"fault\":\"server-error\"}").body())
				.isEqualTo("{\"fault\":\"server-error\"}");
			assertThat(client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString()).statusCode())
				.isEqualTo(500);
			assertThat(client.post("/sim/fault", "{\"fault\":\"meteor\"}").statusCode()).isEqualTo(400);
			assertThat(client.post("/sim/fault", "{\"fault\":\"refuse-connections\"}").statusCode()).isEqualTo(400);
			assertThat(client.get("/sim/stats").body())
				.isEqualTo("{\"completed\":1,\"cancelled\":0,\"active\":0,\"tokenize\":0,\"fault\":\"server-error\"}");
		}
		finally {
			process.destroy();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void refusesConnectionsForTheDurationAskedOverHttp() throws Exception {
		Process process = java("--port", "0").start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			Matcher started = LISTENING.matcher(String.valueOf(output.readLine()));
			assertThat(started.matches()).isTrue();
			SimulatorClient client = new SimulatorClient(started.group(1));

			assertThat(client.post("/sim/fault", "{\"fault\":\"refuse-connections\",\"duration_ms\":3000}").statusCode())
				.isEqualTo(200);

			await().atMost(Duration.ofSeconds(3)).until(() -> !answersHealth(client));
			await().atMost(Duration.ofSeconds(10)).until(() -> answersHealth(client));
			assertThat(client.get("/sim/stats").body()).contains("\"fault\":\"none\"");
		}
		finally {
			process.destroy();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static boolean answersHealth(SimulatorClient client) {
		try {
			return client.get("/health").statusCode() == 200;
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	@Test
	void printsTheUsageForHelp() throws Exception {
		Process process = java("--help").start();

		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		assertThat(output).startsWith("Usage: java -jar vllm-simulator-exec.jar");
	}

	@Test
	void exitsWithStatusTwoOnBadArguments() throws Exception {
		Process process = java("--port", "http").start();

		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(output).isEqualTo("vllm-simulator: --port needs a whole number, got 'http'\n"
				+ "Run with --help for the options.\n");
	}

	private static ProcessBuilder java(String... args) throws IOException {
		assertThat(Files.isRegularFile(JAR)).as("%s is built", JAR).isTrue();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true);
	}

}
