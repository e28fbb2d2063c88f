package dev.llmchat.simulator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorProcessTests {

	private static final Pattern LISTENING = Pattern
		.compile("vLLM simulator listening on (http://127\\.0\\.0\\.1:\\d+)/v1 \\(model (.+)\\) — answers are SIMULATED");

	@Test
	void runsAsAProcessWithAdminEndpointsForFaultsAndStats() throws Exception {
		Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
				SimulatorMain.class.getName(), "--port", "0", "--model", "sim/model", "--answer-tokens", "3"))
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			Matcher started = LISTENING.matcher(firstLineThatStarts(output));
			assertThat(started.matches()).isTrue();
			assertThat(started.group(2)).isEqualTo("sim/model");
			SimulatorClient client = new SimulatorClient(started.group(1));

			assertThat(client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString()).statusCode())
				.isEqualTo(200);
			assertThat(client.post("/sim/fault", "{\"fault\":\"server-error\"}").body())
				.isEqualTo("{\"fault\":\"server-error\"}");
			assertThat(client.post("/v1/chat/completions", SimulatorClient.chat("Hi").toString()).statusCode())
				.isEqualTo(500);
			assertThat(client.post("/sim/fault", "{\"fault\":\"meteor\"}").statusCode()).isEqualTo(400);
			JsonNode stats = SimulatorClient.json(client.get("/sim/stats"));

			assertThat(stats.toString())
				.isEqualTo("{\"completed\":1,\"cancelled\":0,\"active\":0,\"tokenize\":0,\"fault\":\"server-error\"}");
		}
		finally {
			process.destroy();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static String firstLineThatStarts(BufferedReader output) throws Exception {
		String line;
		while ((line = output.readLine()) != null) {
			if (line.startsWith("vLLM simulator")) {
				return line;
			}
		}
		throw new AssertionError("The simulator exited before it started");
	}

}
