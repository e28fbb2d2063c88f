package dev.llmchat.system.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the {@code docker} CLI (and {@code nvidia-smi}) put first on the PATH of a script under test, so
 * the Docker paths of the scripts run on a machine without a Docker engine or a GPU. It records every call and keeps
 * the containers' states in files. The HTTP servers the containers would run are played by the test itself
 * ({@link #serve}), started only once the script has called what would start them.
 */
final class FakeDocker implements AutoCloseable {

	private static final String DOCKER = """
			#!/usr/bin/env bash
			# docker stand-in for tests: records each call, answers from files in $FAKE_DOCKER_DIR
			set -euo pipefail
			d="$FAKE_DOCKER_DIR"
			printf '%s\\n' "$*" >>"$d/calls"
			state() { cat "$d/container.$1" 2>/dev/null; }
			case "${1:-}" in
			  info)
			    if [[ "${2:-}" == --format ]]; then cat "$d/runtimes"; fi
			    ;;
			  inspect)
			    s=$(state "$4") || { echo "Error: No such object: $4" >&2; exit 1; }
			    case "$3" in
			      *State.Status*) echo "$s" ;;
			      *State.Running*) if [[ "$s" == running ]]; then echo true; else echo false; fi ;;
			      *Config.Image*) echo fake/vllm:1 ;;
			    esac
			    ;;
			  container)
			    state "$3" >/dev/null || exit 1
			    ;;
			  run)
			    name="" prev=""
			    for arg in "$@"; do
			      if [[ "$prev" == --name ]]; then name="$arg"; fi
			      prev="$arg"
			    done
			    echo "${FAKE_RUN_STATE:-running}" >"$d/container.$name"
			    echo 0123456789ab
			    ;;
			  rm) rm -f "$d/container.${*: -1}" ;;
			  stop) echo exited >"$d/container.${*: -1}" ;;
			  logs) echo "fake log: torch.OutOfMemoryError: CUDA out of memory" ;;
			  compose)
			    shift
			    printf 'compose-env LLM_SERVER_BASE_URL=%s BIND_ADDRESS=%s BACKEND_PORT=%s DATABASE_URL=%s\\n' \\
			      "${LLM_SERVER_BASE_URL:-}" "${BIND_ADDRESS:-}" "${BACKEND_PORT:-}" "${DATABASE_URL:-}" >>"$d/calls"
			    case " $* " in
			      *" version "*) echo "Docker Compose version v2.29.7" ;;
			      *" up "*)
			        if [[ " $* " == *" docker-compose.scale.yml "* ]]; then
			          # the replicas are named by compose (project-service-index), the load balancer is mlx-lb
			          echo running >"$d/container.mlx-lb"
			          backends=1 frontends=1
			          for arg in "$@"; do
			            case "$arg" in
			              backend=*) backends="${arg#backend=}" ;;
			              frontend=*) frontends="${arg#frontend=}" ;;
			            esac
			          done
			          for ((i = 1; i <= backends; i++)); do echo running >"$d/container.llmchat-backend-$i"; done
			          for ((i = 1; i <= frontends; i++)); do echo running >"$d/container.llmchat-frontend-$i"; done
			        else
			          echo running >"$d/container.mlx-backend"; echo running >"$d/container.mlx-frontend"
			        fi
			        if [[ " $* " == *" --profile postgres "* ]]; then echo running >"$d/container.mlx-postgres"; fi
			        ;;
			      *" ps --format "*)
			        # every replica of the service named last is healthy
			        for file in "$d"/container.llmchat-"${*: -1}"-*; do
			          if [[ -f "$file" ]]; then echo healthy; fi
			        done
			        ;;
			      *" down "*) rm -f "$d"/container.mlx-* "$d"/container.llmchat-* ;;
			    esac
			    ;;
			esac
			""";

	private static final String NVIDIA_SMI = """
			#!/usr/bin/env bash
			if [[ -f "$FAKE_DOCKER_DIR/gpu" ]]; then
			  echo "GPU 0: NVIDIA Fake GPU (UUID: GPU-00000000)"
			  exit 0
			fi
			echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." >&2
			exit 9
			""";

	private final Path bin;

	private final Path state;

	private final List<HttpServer> servers = new ArrayList<>();

	FakeDocker(Path dir) {
		try {
			bin = Files.createDirectories(dir.resolve("fake-bin"));
			state = Files.createDirectories(dir.resolve("fake-docker"));
			write(bin.resolve("docker"), DOCKER);
			write(bin.resolve("nvidia-smi"), NVIDIA_SMI);
			Files.writeString(state.resolve("calls"), "");
			Files.writeString(state.resolve("runtimes"), "io.containerd.runc.v2 runc \n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String text) throws IOException {
		Files.writeString(file, text, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	/** A machine with an NVIDIA GPU and the NVIDIA container runtime registered in Docker. */
	FakeDocker withGpu() {
		try {
			Files.writeString(state.resolve("gpu"), "");
			Files.writeString(state.resolve("runtimes"), "io.containerd.runc.v2 nvidia runc \n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/** A machine with an NVIDIA GPU whose Docker does not know the NVIDIA container runtime. */
	FakeDocker withGpuButNoNvidiaRuntime() {
		try {
			Files.writeString(state.resolve("gpu"), "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	FakeDocker withContainer(String name, String status) {
		try {
			Files.writeString(state.resolve("container." + name), status + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	boolean hasContainer(String name) {
		return Files.exists(state.resolve("container." + name));
	}

	/** The environment that puts the stand-ins first on the PATH. */
	Map<String, String> env() {
		return Scripts.env("PATH", bin + ":" + System.getenv("PATH"), "FAKE_DOCKER_DIR", state.toString());
	}

	/** Every docker call so far, one line each (its arguments joined by spaces). */
	List<String> calls() {
		try {
			return Files.readAllLines(state.resolve("calls"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for the script: each time a call matching a trigger's condition appears, the trigger's servers start
	 * (once). Returns the script's result.
	 */
	Scripts.Result await(Scripts.Running script, Duration timeout, List<Trigger> triggers) {
		List<Trigger> pending = new ArrayList<>(triggers);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (script.process().isAlive() && System.nanoTime() < deadline && !pending.isEmpty()) {
			List<String> calls = calls();
			pending.removeIf(trigger -> {
				if (calls.stream().anyMatch(trigger.when())) {
					trigger.then().run();
					return true;
				}
				return false;
			});
			sleep(100);
		}
		return script.await(Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos())));
	}

	/** Starts the servers when a call matches {@code when}. */
	record Trigger(Predicate<String> when, Runnable then) {

	}

	/** Serves {@code GET path} on 127.0.0.1:port with status and body, and every other path with 404. */
	void serve(int port, Map<String, Response> routes) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
			server.createContext("/", exchange -> answer(exchange, routes));
			server.start();
			servers.add(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A canned answer; {@code bearer}, when not null, is the only Authorization that gets it (others get 401). */
	record Response(int status, String body, String bearer) {

		static Response ok(String body) {
			return new Response(200, body, null);
		}

	}

	private static void answer(HttpExchange exchange, Map<String, Response> routes) throws IOException {
		Response response = routes.get(exchange.getRequestURI().getPath());
		int status;
		byte[] body;
		if (response == null) {
			status = 404;
			body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
		}
		else if (response.bearer() != null
				&& !("Bearer " + response.bearer()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			status = 401;
			body = "{\"error\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
		}
		else {
			status = response.status();
			body = response.body().getBytes(StandardCharsets.UTF_8);
		}
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		if (body.length > 0) {
			exchange.getResponseBody().write(body);
		}
		exchange.close();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Stops the servers started so far. */
	void stopServers() {
		servers.forEach(server -> server.stop(0));
		servers.clear();
	}

	@Override
	public void close() {
		stopServers();
	}

}
