package dev.llmchat.system.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker path of start-all.sh and stop-all.sh against a stand-in docker CLI ({@link FakeDocker}): which model
 * server it starts, what it asks compose to do and with which settings, and that it waits on the health endpoints.
 * The test plays the containers' HTTP side on free ports.
 */
class StartAllDockerModeTests {

	private static final String BACKEND_HEALTH = """
			{"status":"healthy","database":"up","llm":{"status":"up"}}""";

	private static final String MODELS = """
			{"object":"list","data":[{"id":"Qwen/Qwen2.5-0.5B-Instruct"}]}""";

	@TempDir
	Path tmp;

	private int backendPort;

	private int frontendPort;

	private int llmPort;

	@BeforeEach
	void pickPorts() {
		backendPort = Scripts.freePort();
		frontendPort = Scripts.freePort();
		llmPort = Scripts.freePort();
	}

	private Map<String, String> env(FakeDocker docker, String... more) {
		Map<String, String> env = docker.env();
		env.putAll(Scripts.env("BACKEND_PORT", Integer.toString(backendPort), "FRONTEND_PORT",
				Integer.toString(frontendPort), "LLM_SERVER_PORT", Integer.toString(llmPort), "RUN_DIR",
				tmp.resolve("run").toString(), "ENV_FILE", tmp.resolve("none.env").toString(), "HF_CACHE_DIR",
				tmp.resolve("hf").toString(), "BIND_ADDRESS", "127.0.0.1", "START_TIMEOUT", "30"));
		env.putAll(Scripts.env(more));
		return env;
	}

	private FakeDocker.Trigger containersOnComposeUp(FakeDocker docker) {
		return new FakeDocker.Trigger(call -> call.startsWith("compose ") && call.contains(" up -d"), () -> {
			docker.serve(backendPort, Map.of("/health", FakeDocker.Response.ok(BACKEND_HEALTH)));
			docker.serve(frontendPort, Map.of("/health", FakeDocker.Response.ok("{\"status\":\"healthy\"}")));
		});
	}

	private FakeDocker.Trigger vllmOnDockerRun(FakeDocker docker) {
		return new FakeDocker.Trigger(call -> call.startsWith("run "), () -> docker.serve(llmPort,
				Map.of("/health", FakeDocker.Response.ok(""), "/v1/models", FakeDocker.Response.ok(MODELS))));
	}

	private Scripts.Result startAll(FakeDocker docker, Map<String, String> env, List<FakeDocker.Trigger> triggers,
			String... args) {
		Scripts.Running script = Scripts.start(tmp.resolve("start-" + System.nanoTime() + ".txt"), env, "start-all.sh",
				args);
		return docker.await(script, Duration.ofSeconds(90), triggers);
	}

	private static String composeEnvBefore(List<String> calls, String command) {
		String env = null;
		for (String call : calls) {
			if (call.startsWith("compose-env ")) {
				env = call;
			}
			else if (call.startsWith("compose ") && call.contains(command)) {
				return env;
			}
		}
		throw new AssertionError("no docker compose call with " + command + " in " + calls);
	}

	@Test
	void startsVllmThenBuildsAndStartsComposeAndTheContainersReachVllmThroughTheHostGateway() {
		try (FakeDocker docker = new FakeDocker(tmp).withGpu()) {
			Scripts.Result result = startAll(docker, env(docker),
					List.of(vllmOnDockerRun(docker), containersOnComposeUp(docker)));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			List<String> calls = docker.calls();
			List<String> steps = new ArrayList<>();
			for (String call : calls) {
				if (call.startsWith("run ")) {
					steps.add("run");
				}
				else if (call.startsWith("compose ") && (call.endsWith(" build") || call.contains(" up -d"))) {
					steps.add(call);
				}
			}
			assertThat(steps).containsExactly("run", "compose build", "compose up -d");
			assertThat(composeEnvBefore(calls, "up -d"))
				.contains("LLM_SERVER_BASE_URL=http://host.docker.internal:" + llmPort + "/v1")
				.contains("BACKEND_PORT=" + backendPort);
			assertThat(result.output()).contains("backend (mlx-backend) is up", "frontend (mlx-frontend) is up")
				.contains("http://localhost:" + frontendPort)
				.contains("http://localhost:" + backendPort + "/docs")
				.contains("\"status\":\"healthy\"");
			assertThat(tmp.resolve("run/docker.state")).exists();

			Scripts.Result stopped = Scripts.run(tmp, Duration.ofSeconds(60), env(docker), "stop-all.sh");
			assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
			assertThat(docker.calls()).contains("compose --profile simulate --profile gpu --profile postgres down --remove-orphans",
					"stop meu-llm-server");
			assertThat(tmp.resolve("run/docker.state")).doesNotExist();
		}
	}

	@Test
	void simulateRunsTheSimulatorProfileInsteadOfVllmAndSaysAnswersAreSimulated() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker, env(docker), List.of(containersOnComposeUp(docker)), "--simulate");

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("run "))
				.contains("compose --profile simulate build", "compose --profile simulate up -d");
			assertThat(composeEnvBefore(docker.calls(), "up -d"))
				.contains("LLM_SERVER_BASE_URL=http://simulator:8080/v1");
			assertThat(result.output()).contains("SIMULATED MODEL");
		}
	}

	@Test
	void aModelServerOnAnotherMachineIsUsedAsItIsAndVllmIsNotStarted() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker,
					env(docker, "LLM_SERVER_BASE_URL", "http://gpu-box.example:8080/v1"),
					List.of(containersOnComposeUp(docker)));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("run "));
			assertThat(composeEnvBefore(docker.calls(), "up -d"))
				.contains("LLM_SERVER_BASE_URL=http://gpu-box.example:8080/v1");
		}
	}

	@Test
	void withoutAGpuItStopsBeforeComposeWithTheAdviceOfStartVllm() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker, env(docker), List.of());

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
			assertThat(result.output()).contains("no NVIDIA GPU found").contains("./start-all.sh --local --simulate");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("compose ") && call.contains(" up"));
		}
	}

	@Test
	void aPortTakenByAnotherProgramStopsItBeforeAnyContainerStarts() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			docker.serve(frontendPort, Map.of());
			Scripts.Result result = startAll(docker, env(docker), List.of(), "--simulate");

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("port " + frontendPort + ", needed by mlx-frontend, is already in use")
				.contains("FRONTEND_PORT=<free port>");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("compose ") && call.contains(" up"));
		}
	}

	@Test
	void keepVllmLeavesTheModelServerRunning() {
		try (FakeDocker docker = new FakeDocker(tmp).withContainer("meu-llm-server", "running")
			.withContainer("mlx-backend", "running")) {
			Scripts.Result stopped = Scripts.run(tmp, Duration.ofSeconds(60), env(docker), "stop-all.sh",
					"--keep-vllm");

			assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
			assertThat(docker.calls()).contains("compose --profile simulate --profile gpu --profile postgres down --remove-orphans")
				.doesNotContain("stop meu-llm-server");
			assertThat(docker.hasContainer("meu-llm-server")).isTrue();
		}
	}

	@Test
	void postgresRunsTheComposeProfileAndPointsTheBackendAtIt() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker,
					env(docker, "POSTGRES_PASSWORD", "5e3c1d0a9b", "DATABASE_URL",
							"postgresql://someone:hunter2@db.example:5432/other"),
					List.of(containersOnComposeUp(docker)), "--simulate", "--postgres");

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(docker.calls()).contains("compose --profile simulate --profile postgres build",
					"compose --profile simulate --profile postgres up -d");
			assertThat(composeEnvBefore(docker.calls(), "up -d"))
				.contains("DATABASE_URL=postgresql://llmchat:5e3c1d0a9b@postgres:5432/llmchat");
			assertThat(result.output()).contains("PostgreSQL in compose")
				.contains("not DATABASE_URL=postgresql://someone:***@db.example:5432/other")
				.doesNotContain("5e3c1d0a9b")
				.doesNotContain("hunter2");
			assertThat(docker.hasContainer("mlx-postgres")).isTrue();

			Scripts.Result stopped = Scripts.run(tmp, Duration.ofSeconds(60), env(docker), "stop-all.sh");
			assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
			assertThat(docker.calls())
				.contains("compose --profile simulate --profile gpu --profile postgres down --remove-orphans");
			assertThat(docker.hasContainer("mlx-postgres")).isFalse();
		}
	}

	@Test
	void replicasRunBehindTheLoadBalancerOfTheScaleOverrideAndStopAllStopsThem() throws IOException {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker,
					env(docker, "POSTGRES_PASSWORD", "5e3c1d0a9b", "SESSION_SECRET", "a-session-secret-of-32-characters-or-more",
							"DATABASE_POOL_SIZE", "60"),
					List.of(containersOnComposeUp(docker)), "--simulate", "--postgres", "--replicas", "2");

			assertThat(result.exitCode()).as(result.toString()).isZero();
			String files = "compose -f docker-compose.yml -f docker-compose.scale.yml --profile simulate --profile postgres";
			assertThat(docker.calls()).containsSubsequence(files + " build",
					files + " up -d --scale backend=2 --scale frontend=2", files + " ps --format {{.Health}} backend",
					files + " ps --format {{.Health}} frontend");
			assertThat(composeEnvBefore(docker.calls(), "up -d"))
				.contains("DATABASE_URL=postgresql://llmchat:5e3c1d0a9b@postgres:5432/llmchat");
			assertThat(result.output()).contains("the backends (through mlx-lb) is up", "the frontends (through mlx-lb) is up")
				.contains("2 of 2 backend replicas are healthy", "2 of 2 frontend replicas are healthy")
				.contains("(2 backends, 2 frontends behind mlx-lb)")
				// no SECRET_KEY: allowed, since the backends keep the generated key in PostgreSQL, but not recommended
				.contains("SECRET_KEY is not set", "openssl rand -base64 48")
				// 2 × (60 + 1) connections, more than PostgreSQL's default allows
				.contains("2 backends may open up to 122 connections", "DATABASE_POOL_SIZE=47");
			assertThat(Files.readAllLines(tmp.resolve("run/docker.state")))
				.contains("FILES=-f docker-compose.yml -f docker-compose.scale.yml", "PROFILES=--profile simulate --profile postgres");
			assertThat(Files.readAllLines(tmp.resolve("run/start-all.options")))
				.containsExactly("--simulate", "--postgres", "--replicas", "2");

			docker.stopServers();
			Scripts.Result stopped = Scripts.run(tmp, Duration.ofSeconds(60), env(docker), "stop-all.sh");
			assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
			assertThat(docker.calls()).contains("compose -f docker-compose.yml -f docker-compose.scale.yml --profile simulate "
					+ "--profile gpu --profile postgres down --remove-orphans");
			assertThat(docker.hasContainer("mlx-lb")).isFalse();
			assertThat(docker.hasContainer("llmchat-backend-2")).isFalse();
		}
	}

	@Test
	void restartAllWithoutOptionsStartsAgainAsLastStarted() throws IOException {
		try (FakeDocker docker = new FakeDocker(tmp).withContainer("mlx-lb", "running")
			.withContainer("llmchat-backend-1", "running")
			.withContainer("llmchat-backend-2", "running")) {
			Files.createDirectories(tmp.resolve("run"));
			Files.write(tmp.resolve("run/start-all.options"), List.of("--simulate", "--postgres", "--replicas", "2"));
			Files.write(tmp.resolve("run/docker.state"), List.of("FILES=-f docker-compose.yml -f docker-compose.scale.yml",
					"PROFILES=--profile simulate --profile postgres", "VLLM_STARTED=0"));
			Scripts.Running script = Scripts.start(tmp.resolve("restart.txt"),
					env(docker, "POSTGRES_PASSWORD", "5e3c1d0a9b", "SESSION_SECRET", "a-session-secret-of-32-characters-or-more"),
					"restart-all.sh", "--rebuild");
			Scripts.Result result = docker.await(script, Duration.ofSeconds(90), List.of(containersOnComposeUp(docker)));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			String files = "compose -f docker-compose.yml -f docker-compose.scale.yml";
			assertThat(docker.calls()).containsSubsequence(
					files + " --profile simulate --profile gpu --profile postgres down --remove-orphans",
					files + " --profile simulate --profile postgres build --no-cache --pull",
					files + " --profile simulate --profile postgres up -d --scale backend=2 --scale frontend=2");
			assertThat(result.output()).contains("Starting again with the options of the last start: --simulate --postgres --replicas 2");
		}
	}

	@Test
	void replicasWithoutPostgresAreRefusedBeforeAnythingStarts() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker, env(docker), List.of(), "--simulate", "--replicas", "2");

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("need --postgres").contains("only through PostgreSQL")
				.contains("./start-all.sh --postgres --replicas N");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("compose "));
		}
	}

	@Test
	void postgresWithoutAUsablePasswordIsRefusedWithHowToMakeOne() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result missing = startAll(docker, env(docker), List.of(), "--simulate", "--postgres");
			assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
			assertThat(missing.output()).contains("--postgres needs POSTGRES_PASSWORD").contains("openssl rand -hex 24");

			Scripts.Result unusable = startAll(docker, env(docker, "POSTGRES_PASSWORD", "a/b+c="), List.of(), "--simulate",
					"--postgres");
			assertThat(unusable.exitCode()).as(unusable.toString()).isEqualTo(1);
			assertThat(unusable.output()).contains("use only letters, digits").contains("openssl rand -hex 24");

			assertThat(docker.calls()).noneMatch(call -> call.startsWith("compose "));
		}
	}

	@Test
	void frontendReplicasWithoutASessionSecretAreRefusedWithHowToMakeOne() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = startAll(docker, env(docker, "POSTGRES_PASSWORD", "5e3c1d0a9b"), List.of(),
					"--simulate", "--postgres", "--replicas", "3");

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("3 frontends need one SESSION_SECRET").contains("openssl rand -base64 48");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("compose "));
		}
	}

	@Test
	void withoutReplicasItRefusesToStartOverTheRunningLoadBalancer() {
		try (FakeDocker docker = new FakeDocker(tmp).withContainer("mlx-lb", "running")) {
			Scripts.Result result = startAll(docker, env(docker, "POSTGRES_PASSWORD", "5e3c1d0a9b"), List.of(),
					"--simulate", "--postgres");

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("runs with replicas behind its load balancer (mlx-lb)")
				.contains("./stop-all.sh");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("compose ") && call.contains(" up"));
		}
	}

	@Test
	void restartAllStopsThenStartsWithTheSameOptions() {
		try (FakeDocker docker = new FakeDocker(tmp).withContainer("mlx-backend", "running")
			.withContainer("meu-llm-server", "running")) {
			Scripts.Running script = Scripts.start(tmp.resolve("restart.txt"), env(docker), "restart-all.sh",
					"--keep-vllm", "--simulate");
			Scripts.Result result = docker.await(script, Duration.ofSeconds(90), List.of(containersOnComposeUp(docker)));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(docker.calls()).containsSubsequence("compose --profile simulate --profile gpu --profile postgres down --remove-orphans",
					"compose --profile simulate build", "compose --profile simulate up -d")
				.doesNotContain("stop meu-llm-server");
			assertThat(result.output()).contains("SIMULATED MODEL");
		}
	}

}
