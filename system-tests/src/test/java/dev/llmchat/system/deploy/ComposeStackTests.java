package dev.llmchat.system.deploy;

import java.io.File;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.llmchat.testsupport.Prerequisite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the backend, frontend and simulator images from the local sources and brings the compose stack up with the
 * {@code simulate} profile, as {@code ./start-all.sh --simulate} does on a machine with Docker. Skipped, with the
 * reason printed, where there is no Docker engine (as in CI): {@link ComposeFileTests} and {@link DockerfileTests}
 * check the same files statically there.
 */
@ExtendWith(ComposeStackTests.DockerComposeAvailable.class)
class ComposeStackTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int BACKEND_PORT = Scripts.freePort();

	private static final int FRONTEND_PORT = Scripts.freePort();

	private static final int SIMULATOR_PORT = Scripts.freePort();

	private static ComposeContainer stack;

	@BeforeAll
	static void buildAndStartTheStack() {
		stack = new ComposeContainer(new File(Scripts.root().toFile(), "docker-compose.yml"))
			.withEnv(Map.of("COMPOSE_PROFILES", "simulate", "BACKEND_PORT", Integer.toString(BACKEND_PORT),
					"FRONTEND_PORT", Integer.toString(FRONTEND_PORT), "LLM_SERVER_PORT", Integer.toString(SIMULATOR_PORT),
					"BIND_ADDRESS", "127.0.0.1", "LLM_SERVER_BASE_URL", "http://simulator:8080/v1", "SECRET_KEY", ""))
			.withBuild(true)
			.withServices("backend", "frontend", "simulator")
			.waitingFor("backend", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(20)))
			.waitingFor("frontend", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(20)))
			.withStartupTimeout(Duration.ofMinutes(25))
			.withRemoveVolumes(true);
		stack.start();
	}

	@AfterAll
	static void stopTheStack() {
		if (stack != null) {
			stack.stop();
		}
	}

	@Test
	void backendAnswersItsHealthAndReachesTheSimulatorThroughTheComposeNetwork() throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		JsonNode health;
		do {
			HttpResponse<String> response = Scripts.get(BACKEND_PORT, "/health");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			health = JSON.readTree(response.body());
			assertThat(health.has("status")).as(response.body()).isTrue();
			if ("up".equals(health.path("llm").path("status").asString(""))) {
				break;
			}
			Thread.sleep(1000);
		}
		while (System.nanoTime() < deadline);
		assertThat(health.path("llm").path("status").asString("")).as(health.toString()).isEqualTo("up");
		assertThat(health.path("llm").path("base_url").asString("")).isEqualTo("http://simulator:8080/v1");
	}

	@Test
	void frontendAnswersItsHealthOnceTheBackendIsHealthy() throws Exception {
		HttpResponse<String> response = Scripts.get(FRONTEND_PORT, "/health");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("healthy");
	}

	@Test
	void simulatorIsPublishedOnLoopbackOnly() {
		assertThat(Scripts.get(SIMULATOR_PORT, "/health").statusCode()).isEqualTo(200);
	}

	/** Skips the class, saying why, where the stack cannot run; Testcontainers' own check says only "no Docker". */
	static final class DockerComposeAvailable extends Prerequisite {

		@Override
		protected String missing() {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				return "no Docker engine is reachable, so the images were not built and the compose stack was not "
						+ "started here (scripts/test-images.sh builds and runs them with podman; ComposeFileTests and "
						+ "DockerfileTests check the files statically)";
			}
			if (!succeeds(List.of("docker", "compose", "version"))) {
				return "the Docker Compose plugin is not installed (docker compose version failed)";
			}
			for (String container : List.of("mlx-backend", "mlx-frontend", "mlx-vllm-simulator")) {
				if (succeeds(List.of("docker", "container", "inspect", container))) {
					return "a container named " + container + " already exists (a stack started by ./start-all.sh?); "
							+ "the compose file fixes the container names, so stop it first with ./stop-all.sh";
				}
			}
			return null;
		}

		private static boolean succeeds(List<String> command) {
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
			}
			catch (Exception ex) {
				return false;
			}
		}

	}

}
