package dev.llmchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's applications running as a real operating-system process: started from its packaged jar
 * with the Java that runs the tests, its output in a log file, stopped through its own {@link Process} handle
 * (never by name).
 *
 * <pre>{@code
 * try (AppProcess backend = AppProcess.jar("backend", AppProcess.moduleJar("backend", "llmchat-backend.jar"))
 * 		.env("SERVER_PORT", String.valueOf(port))
 * 		.log(logDir.resolve("backend.log"))
 * 		.start()) {
 * 	backend.awaitHttp(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class AppProcess implements AutoCloseable {

	private static final Duration STOP_GRACE = Duration.ofSeconds(10);

	private final String name;

	private final Process process;

	private final Path log;

	private AppProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts describing {@code java -jar JAR}; nothing runs before {@link Builder#start()}. Its management port (health
	 * and metrics) is a free one picked at start ({@code MANAGEMENT_PORT=0}), so that the backends and frontends of
	 * the tests never compete for the default ones; {@code env("MANAGEMENT_PORT", ...)} chooses another.
	 */
	public static Builder jar(String name, Path jar) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The " + name + " jar " + jar.toAbsolutePath()
					+ " does not exist: package it first (./mvnw -B package -DskipTests from the repository root)");
		}
		return new Builder(name, List.of(javaExecutable().toString(), "-jar", jar.toAbsolutePath().toString()))
			.env("MANAGEMENT_PORT", "0");
	}

	/** Starts describing any command. */
	public static Builder command(String name, List<String> command) {
		return new Builder(name, command);
	}

	/** The java executable of this test JVM, so the applications run on the same JDK. */
	public static Path javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.map(Path::of)
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
	}

	/** The repository root: the nearest folder up from the working directory that holds {@code mvnw}. */
	public static Path repositoryRoot() {
		Path folder = Path.of("").toAbsolutePath();
		while (folder != null && !Files.isRegularFile(folder.resolve("mvnw"))) {
			folder = folder.getParent();
		}
		if (folder == null) {
			throw new IllegalStateException("No mvnw above " + Path.of("").toAbsolutePath());
		}
		return folder;
	}

	/** A module's packaged jar, e.g. {@code moduleJar("backend", "llmchat-backend.jar")}. */
	public static Path moduleJar(String module, String jarName) {
		return repositoryRoot().resolve(module).resolve("target").resolve(jarName);
	}

	/** A TCP port on 127.0.0.1 that nothing listened on a moment ago. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path log() {
		return this.log;
	}

	/**
	 * Waits until {@code url} answers 2xx, failing early with the log's end when the process dies, or at the
	 * deadline.
	 */
	public void awaitHttp(URI url, Duration deadline) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Instant end = Instant.now().plus(deadline);
		String last = "no answer yet";
		while (Instant.now().isBefore(end)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before " + url + " answered; the end of its log:\n" + logTail(40));
			}
			try {
				int status = client
					.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(), BodyHandlers.discarding())
					.statusCode();
				if (status >= 200 && status < 300) {
					return;
				}
				last = "status " + status;
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
			sleep(Duration.ofMillis(250));
		}
		throw new IllegalStateException(this.name + " did not answer " + url + " within " + deadline + " (" + last
				+ "); the end of its log:\n" + logTail(40));
	}

	/** The last lines of the process's log. */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(the log " + this.log + " cannot be read: " + ex + ")";
		}
	}

	/** Asks the process to stop (SIGTERM), and kills it when it has not stopped after a grace period. */
	public void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ")";
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** How to start a process. */
	public static final class Builder {

		private final String name;

		private final List<String> command;

		private final List<String> jvmOptions = new ArrayList<>();

		private final Map<String, String> environment = new LinkedHashMap<>();

		private final List<String> removedEnvironment = new ArrayList<>();

		private Path workingDirectory;

		private Path log;

		private Builder(String name, List<String> command) {
			this.name = name;
			this.command = List.copyOf(command);
		}

		/** Adds an option before {@code -jar} (for example {@code -Xmx256m}); only for {@link #jar}. */
		public Builder jvmOption(String option) {
			this.jvmOptions.add(option);
			return this;
		}

		public Builder env(String key, String value) {
			this.environment.put(key, value);
			return this;
		}

		/** Removes a variable this JVM would otherwise pass on. */
		public Builder withoutEnv(String key) {
			this.removedEnvironment.add(key);
			return this;
		}

		public Builder workingDirectory(Path folder) {
			this.workingDirectory = folder;
			return this;
		}

		/** Where stdout and stderr go together; by default {@code target/<name>.log} of the working directory. */
		public Builder log(Path file) {
			this.log = file;
			return this;
		}

		public AppProcess start() {
			List<String> full = new ArrayList<>();
			full.add(this.command.get(0));
			full.addAll(this.jvmOptions);
			full.addAll(this.command.subList(1, this.command.size()));
			Path logFile = (this.log != null) ? this.log : Path.of("target", this.name + ".log");
			try {
				Files.createDirectories(logFile.toAbsolutePath().getParent());
				ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
					.redirectOutput(logFile.toFile());
				if (this.workingDirectory != null) {
					builder.directory(this.workingDirectory.toFile());
				}
				this.removedEnvironment.forEach(builder.environment()::remove);
				builder.environment().putAll(this.environment);
				return new AppProcess(this.name, builder.start(), logFile);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start " + this.name + ": " + full, ex);
			}
		}

	}

}
