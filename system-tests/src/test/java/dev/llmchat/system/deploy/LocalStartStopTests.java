package dev.llmchat.system.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.llmchat.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code start-all.sh --local --simulate} and {@code stop-all.sh} with the packaged jars, as a user without Docker
 * or a GPU runs them: on free ports, with the run and data folders in a temporary folder, listening on 127.0.0.1.
 */
class LocalStartStopTests {

	/** The jars start-all.sh runs; the reactor packages them before this module's tests. */
	static final List<String> JARS = List.of("backend/target/llmchat-backend.jar",
			"frontend/target/llmchat-frontend.jar", "vllm-server/simulator/target/vllm-simulator-exec.jar");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path tmp;

	private int backendPort;

	private int frontendPort;

	private int simulatorPort;

	private int backendManagementPort;

	private int frontendManagementPort;

	@BeforeAll
	static void packagedJarsExist() {
		List<String> missing = JARS.stream().filter(jar -> !Files.isRegularFile(Scripts.root().resolve(jar))).toList();
		if (!missing.isEmpty()) {
			fail("missing " + missing + ": these tests run the packaged applications. Build them first with "
					+ "./mvnw verify (system-tests is the last module, so the jars exist when it runs) or "
					+ "./mvnw -B -DskipTests package");
		}
	}

	@BeforeEach
	void pickPorts() {
		backendPort = Scripts.freePort();
		frontendPort = Scripts.freePort();
		simulatorPort = Scripts.freePort();
		backendManagementPort = Scripts.freePort();
		frontendManagementPort = Scripts.freePort();
	}

	private Path runDir() {
		return tmp.resolve("run");
	}

	private Map<String, String> env() {
		return Scripts.env("BACKEND_PORT", Integer.toString(backendPort), "FRONTEND_PORT",
				Integer.toString(frontendPort), "BACKEND_MANAGEMENT_PORT", Integer.toString(backendManagementPort),
				"FRONTEND_MANAGEMENT_PORT", Integer.toString(frontendManagementPort), "LLM_SERVER_PORT",
				Integer.toString(simulatorPort), "RUN_DIR",
				runDir().toString(), "DATA_DIR", tmp.resolve("data").toString(), "ENV_FILE",
				tmp.resolve("none.env").toString(), "JAVA_HOME", System.getProperty("java.home"), "START_TIMEOUT",
				"300", "STOP_TIMEOUT", "40");
	}

	private Scripts.Result script(String name, String... args) {
		return Scripts.run(tmp, Duration.ofMinutes(8), env(), name, args);
	}

	/** The PIDs recorded in the run folder, by component. */
	private Map<String, Long> recordedPids() throws IOException {
		Map<String, Long> pids = new TreeMap<>();
		if (!Files.isDirectory(runDir())) {
			return pids;
		}
		try (Stream<Path> files = Files.list(runDir())) {
			for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
				String name = file.getFileName().toString().replace(".pid", "");
				pids.put(name, Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()));
			}
		}
		return pids;
	}

	/** Runs one of the jars, or its extracted copy in the run folder's fast-start folder. */
	private boolean isOurJava(ProcessHandle process) {
		Optional<String> commandLine = process.info().commandLine();
		return commandLine.isPresent() && (JARS.stream()
			.anyMatch(jar -> commandLine.get().contains(Scripts.root().resolve(jar).toString()))
				|| commandLine.get().contains(runDir().resolve("fast-start").toString()));
	}

	/** A safety net: whatever a failed test left running is stopped by its recorded PID, never by name. */
	@AfterEach
	void stopWhatWasLeft() throws IOException {
		Map<String, Long> pids = recordedPids();
		if (pids.isEmpty()) {
			return;
		}
		script("stop-all.sh");
		for (long pid : pids.values()) {
			ProcessHandle.of(pid).filter(this::isOurJava).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	@Test
	void startsSimulatorBackendAndFrontendLocallyThenStopAllLeavesNothingRunning() throws IOException {
		Scripts.Result started = script("start-all.sh", "--local", "--simulate", "--no-build");

		assertThat(started.exitCode()).as(started.toString()).isZero();
		assertThat(started.output()).contains("SIMULATED MODEL")
			.contains("http://127.0.0.1:" + frontendPort)
			.contains("http://127.0.0.1:" + backendPort + "/docs");

		HttpResponse<String> backend = Scripts.get(backendPort, "/health");
		assertThat(backend.statusCode()).as(backend.body()).isEqualTo(200);
		JsonNode backendHealth = JSON.readTree(backend.body());
		assertThat(backendHealth.has("status")).as(backend.body()).isTrue();

		HttpResponse<String> frontend = Scripts.get(frontendPort, "/health");
		assertThat(frontend.statusCode()).as(frontend.body()).isEqualTo(200);
		assertThat(JSON.readTree(frontend.body()).get("status").asString()).isEqualTo("healthy");

		assertThat(Scripts.get(simulatorPort, "/health").statusCode()).isEqualTo(200);
		assertThat(tmp.resolve("data/app.db")).as("the database is in DATA_DIR").exists();

		// health and metrics on the management ports start-all.sh gave each
		for (int port : List.of(backendManagementPort, frontendManagementPort)) {
			assertThat(Scripts.get(port, "/actuator/health/readiness").statusCode()).as("readiness on " + port).isEqualTo(200);
			assertThat(Scripts.get(port, "/actuator/prometheus").body()).as("metrics on " + port).contains("jvm_");
		}
		assertThat(started.output())
			.contains("http://127.0.0.1:" + backendManagementPort + "/actuator/prometheus (backend)")
			.contains("http://127.0.0.1:" + frontendManagementPort + "/actuator/prometheus (frontend)");

		Map<String, Long> pids = recordedPids();
		assertThat(pids).containsOnlyKeys("backend", "frontend", "simulator");
		for (Map.Entry<String, Long> entry : pids.entrySet()) {
			ProcessHandle process = ProcessHandle.of(entry.getValue()).orElseThrow(
					() -> new AssertionError("the recorded " + entry.getKey() + " pid " + entry.getValue() + " is not running"));
			assertThat(isOurJava(process)).as(entry.getKey() + ": " + process.info().commandLine()).isTrue();
		}
		for (String springApp : List.of("backend", "frontend")) {
			String commandLine = ProcessHandle.of(pids.get(springApp)).orElseThrow().info().commandLine().orElseThrow();
			Path fastStart = runDir().resolve("fast-start").resolve(springApp);
			assertThat(commandLine).as("the %s starts extracted, with its start-up cache", springApp)
				.contains("-jar " + fastStart.resolve("app"))
				.contains(Runtime.version().feature() >= 25 ? "-XX:AOTCache=" + fastStart.resolve(springApp + ".aot")
						: "-XX:SharedArchiveFile=" + fastStart.resolve(springApp + ".jsa"));
			// its committed options first, so that JAVA_OPTS (here the default) can override them
			String options = "@" + Scripts.root().resolve(springApp).resolve("jvm.options");
			assertThat(commandLine).as("the %s runs with %s", springApp, options).contains(options + " ");
			assertThat(commandLine.indexOf(options)).isLessThan(commandLine.indexOf("-XX:+ExitOnOutOfMemoryError"));
		}
		assertThat(started.output()).contains("preparing the backend's fast start", "preparing the frontend's fast start");

		// safe to run twice: what runs is kept
		Scripts.Result again = script("start-all.sh", "--local", "--simulate", "--no-build");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.output()).contains("simulator already runs (pid " + pids.get("simulator"))
			.contains("backend already runs (pid " + pids.get("backend"))
			.contains("frontend already runs (pid " + pids.get("frontend"));
		assertThat(recordedPids()).isEqualTo(pids);

		Scripts.Result stopped = script("stop-all.sh");
		assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
		assertThat(stopped.output()).contains("Stopping the frontend", "Stopping the backend", "Stopping the simulator");
		for (int port : List.of(backendPort, frontendPort, simulatorPort, backendManagementPort, frontendManagementPort)) {
			assertThat(Scripts.listening(port)).as("something still listens on " + port).isFalse();
		}
		for (long pid : pids.values()) {
			assertThat(goneWithin(pid, Duration.ofSeconds(15))).as("pid " + pid + " is gone").isTrue();
		}
		assertThat(recordedPids()).isEmpty();
	}

	/** Whether the process is gone; an exited process may show as alive until its new parent reaps it. */
	private static boolean goneWithin(long pid, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	@Test
	void postgresWithoutDockerRunsTheBackendOnThePostgresqlOfDatabaseUrl() throws IOException {
		String unavailable = PostgresDatabase.unavailable();
		if (unavailable != null) {
			System.out.println("SKIPPED " + getClass().getSimpleName() + " (PostgreSQL): " + unavailable);
			Assumptions.abort(unavailable);
		}
		try (PostgresDatabase database = PostgresDatabase.create("start_all")) {
			Map<String, String> env = env();
			env.put("DATABASE_URL", database.url());
			// with PostgreSQL a generated key would be kept in ./data of the working folder, the repository here
			env.put("SECRET_KEY", "a-test-signing-key-of-more-than-32-bytes-0123456789");
			Scripts.Result started = Scripts.run(tmp, Duration.ofMinutes(8), env, "start-all.sh", "--local", "--simulate",
					"--postgres", "--no-build");

			assertThat(started.exitCode()).as(started.toString()).isZero();
			HttpResponse<String> backend = Scripts.get(backendPort, "/health");
			assertThat(backend.statusCode()).as(backend.body()).isEqualTo(200);
			assertThat(JSON.readTree(backend.body()).path("database").asString()).as(backend.body()).isEqualTo("up");
			// shown without a password, should the test server have one
			assertThat(started.output())
				.contains("Database:      " + database.url().replaceFirst("//([^/:@]*):[^/@]*@", "//$1:***@"));
			assertThat(tmp.resolve("data/app.db")).as("no SQLite file beside it").doesNotExist();
			assertThat(Files.readAllLines(runDir().resolve("start-all.options"))).containsExactly("--local", "--simulate",
					"--postgres");

			Scripts.Result stopped = Scripts.run(tmp, Duration.ofMinutes(8), env, "stop-all.sh");
			assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
			assertThat(recordedPids()).isEmpty();
		}
	}

	@Test
	void postgresWithoutDockerNeedsAPostgresqlDatabaseUrlAndReplicasNeedDocker() throws IOException {
		Scripts.Result unset = script("start-all.sh", "--local", "--postgres", "--no-build");
		assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(1);
		assertThat(unset.output()).contains("DATABASE_URL, which is not set")
			.contains("DATABASE_URL=postgresql://user:password@host:5432/database");

		Map<String, String> env = env();
		env.put("DATABASE_URL", "mysql://me:hunter2@db.example/llmchat");
		Scripts.Result other = Scripts.run(tmp, Duration.ofMinutes(1), env, "start-all.sh", "--local", "--postgres",
				"--no-build");
		assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
		assertThat(other.output()).contains("not a PostgreSQL URL").contains("mysql://me:***@db.example/llmchat")
			.doesNotContain("hunter2");

		env.put("DATABASE_URL", "postgresql://me@db.example/llmchat");
		Scripts.Result replicas = Scripts.run(tmp, Duration.ofMinutes(1), env, "start-all.sh", "--local", "--postgres",
				"--replicas", "2", "--no-build");
		assertThat(replicas.exitCode()).as(replicas.toString()).isEqualTo(1);
		assertThat(replicas.output()).contains("--replicas needs Docker").contains("behind nginx");

		assertThat(recordedPids()).isEmpty();
	}

	@Test
	void aPortTakenByAnotherProgramFailsClearlyBeforeAnythingStarts() throws IOException {
		try (ServerSocket squatter = new ServerSocket(backendPort, 1, InetAddress.getLoopbackAddress())) {
			Scripts.Result result = script("start-all.sh", "--local", "--simulate", "--no-build");

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("port " + backendPort + ", needed by the backend, is already in use")
				.contains("BACKEND_PORT=<free port>");
			assertThat(recordedPids()).isEmpty();
			assertThat(Scripts.listening(simulatorPort)).as("the simulator was not started").isFalse();
		}
	}

	@Test
	void aTakenManagementPortFailsClearlyBeforeAnythingStarts() throws IOException {
		try (ServerSocket squatter = new ServerSocket(frontendManagementPort, 1, InetAddress.getLoopbackAddress())) {
			Scripts.Result result = script("start-all.sh", "--local", "--simulate", "--no-build");

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output())
				.contains("port " + frontendManagementPort + ", the frontend's management port (health and metrics)")
				.contains("FRONTEND_MANAGEMENT_PORT=<free port>");
			assertThat(recordedPids()).isEmpty();
			assertThat(Scripts.listening(simulatorPort)).as("the simulator was not started").isFalse();
		}
	}

	@Test
	void stopAllLeavesAloneAProcessWhoseRecordedPidNoLongerRunsOurCommand() throws Exception {
		Process stranger = new ProcessBuilder("sleep", "120").start();
		try {
			Files.createDirectories(runDir());
			Files.writeString(runDir().resolve("backend.pid"), stranger.pid() + "\n");
			Files.writeString(runDir().resolve("backend.cmd"),
					System.getProperty("java.home") + "/bin/java -jar " + Scripts.root().resolve(JARS.get(0)) + "\n");

			Scripts.Result result = script("stop-all.sh");

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.output()).contains("names pid " + stranger.pid()).contains("leaving it alone");
			assertThat(stranger.isAlive()).isTrue();
			assertThat(runDir().resolve("backend.pid")).doesNotExist();
		}
		finally {
			stranger.destroy();
		}
	}

}
