package dev.llmchat.system.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's shell scripts as real processes, the way a user does, and the small network checks the
 * deployment tests need. Everything listens on and talks to 127.0.0.1 only.
 */
final class Scripts {

	/** Variables of a developer's shell that would change what the scripts do; the tests set their own. */
	private static final List<String> INHERITED_SETTINGS = List.of("SECRET_KEY", "DATABASE_URL", "LLM_SERVER_BASE_URL",
			"LLM_SERVER_PORT", "BACKEND_URL", "BACKEND_PORT", "FRONTEND_PORT", "SERVER_PORT", "SERVER_ADDRESS",
			"MANAGEMENT_PORT", "MANAGEMENT_ADDRESS", "BACKEND_MANAGEMENT_PORT", "FRONTEND_MANAGEMENT_PORT",
			"BIND_ADDRESS", "JAVA_OPTS", "JDK_JAVA_OPTIONS", "OPENAI_API_KEY", "VLLM_API_KEY", "RUN_DIR", "DATA_DIR",
			"ENV_FILE", "DEBUG", "MODELO_LLM", "CORS_ORIGINS", "APP_NAME", "START_TIMEOUT", "STOP_TIMEOUT",
			"VLLM_CONTAINER_NAME", "VLLM_DEVICE", "HF_TOKEN", "COMPOSE_PROFILES");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	private static Path root;

	private Scripts() {
	}

	/** The repository's top folder: the one with mvnw and start-all.sh, above the system-tests module. */
	static synchronized Path root() {
		if (root == null) {
			Path dir = Path.of("").toAbsolutePath();
			while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("start-all.sh")))) {
				dir = dir.getParent();
			}
			if (dir == null) {
				throw new IllegalStateException("cannot find the repository root (mvnw + start-all.sh) above "
						+ Path.of("").toAbsolutePath());
			}
			root = dir;
		}
		return root;
	}

	/** The output and exit code of a finished script. */
	record Result(int exitCode, String output) {

		@Override
		public String toString() {
			return "exit code " + exitCode + ", output:\n" + output;
		}

	}

	/** A script started with {@link #start}; its output goes to a file so a long run never blocks on a pipe. */
	record Running(Process process, Path outputFile) {

		Result await(Duration timeout) {
			try {
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.descendants().forEach(ProcessHandle::destroy);
					process.destroy();
					process.waitFor(10, TimeUnit.SECONDS);
					throw new AssertionError("the script did not finish within " + timeout + "; its output:\n" + output());
				}
				return new Result(process.exitValue(), output());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		String output() {
			try {
				return Files.readString(outputFile, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "(no output: " + ex.getMessage() + ")";
			}
		}

	}

	/**
	 * Starts {@code bash <script> <args>} in the repository root with the current environment less the settings the
	 * scripts read, plus {@code env}.
	 */
	static Running start(Path outputFile, Map<String, String> env, String script, String... args) {
		List<String> command = new ArrayList<>();
		command.add("bash");
		command.add(script);
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
			.redirectErrorStream(true)
			.redirectOutput(outputFile.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		Map<String, String> environment = builder.environment();
		INHERITED_SETTINGS.forEach(environment::remove);
		environment.putAll(env);
		try {
			return new Running(builder.start(), outputFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a script to its end. */
	static Result run(Path workDir, Duration timeout, Map<String, String> env, String script, String... args) {
		try {
			Path output = Files.createTempFile(workDir, "script-", ".out");
			return start(output, env, script, args).await(timeout);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Map<String, String> env(String... keyValues) {
		Map<String, String> env = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			env.put(keyValues[i], keyValues[i + 1]);
		}
		return env;
	}

	/** A port nothing listens on right now (the OS picks it). */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** GET http://127.0.0.1:port/path; a status of -1 means nothing answered. */
	static HttpResponse<String> get(int port, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET " + request.uri() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Whether an executable of this name is on the PATH. */
	static boolean onPath(String program) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

}
