package dev.llmchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmchat.testsupport.Prerequisite;

/**
 * Debian's nginx running deploy/nginx/llmchat-lb.conf, the load balancer of docker-compose.scale.yml, as one
 * foreground process on 127.0.0.1, the way the README tells to run it without Docker: one
 * {@code server 127.0.0.1:PORT;} line per replica and no resolver. Closing it stops that process by its handle.
 */
public final class Nginx implements AutoCloseable {

	public static final Path EXECUTABLE = Path.of("/usr/sbin/nginx");

	private static final Path CONFIG = AppProcess.repositoryRoot().resolve("deploy/nginx/llmchat-lb.conf");

	private final Process process;

	private Nginx(Process process) {
		this.process = process;
	}

	/**
	 * Writes the load balancer's configuration for these replicas, listening on free ports of 127.0.0.1, and an
	 * nginx.conf of its own that includes it, into {@code folder}; returns the nginx.conf.
	 */
	public static Path configure(Path into, int backendListen, List<Integer> backends, int frontendListen,
			List<Integer> frontends) {
		Path folder = into.toAbsolutePath();
		try {
			String config = Files.readString(CONFIG, StandardCharsets.UTF_8);
			config = replaceOnce(config, "server backend:8000 resolve max_fails=0;", servers(backends));
			config = replaceOnce(config, "server frontend:5001 resolve max_fails=0;", servers(frontends));
			config = replaceOnce(config, "listen 8000;", "listen 127.0.0.1:" + backendListen + ";");
			config = replaceOnce(config, "listen 5001;", "listen 127.0.0.1:" + frontendListen + ";");
			config = replaceOnce(config, "resolver 127.0.0.11 valid=10s ipv6=off;", "");
			Files.writeString(folder.resolve("llmchat-lb.conf"), config, StandardCharsets.UTF_8);
			Path main = folder.resolve("nginx.conf");
			Files.writeString(main, """
					daemon off;
					master_process off;
					pid %1$s/nginx.pid;
					error_log %1$s/error.log info;
					events {}
					http {
					    access_log off;
					    client_body_temp_path %1$s/body;
					    proxy_temp_path %1$s/proxy;
					    fastcgi_temp_path %1$s/fastcgi;
					    uwsgi_temp_path %1$s/uwsgi;
					    scgi_temp_path %1$s/scgi;
					    include %1$s/llmchat-lb.conf;
					}
					""".formatted(folder), StandardCharsets.UTF_8);
			return main;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The command that runs nginx with {@code main} and its files in {@code main}'s folder, plus {@code options}. */
	public static ProcessBuilder command(Path main, String... options) {
		Path folder = main.getParent();
		List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "-p", folder.toString(), "-c",
				main.toString(), "-e", folder.resolve("error.log").toString()));
		command.addAll(List.of(options));
		return new ProcessBuilder(command).redirectErrorStream(true);
	}

	/** Runs nginx in the foreground, as one process, until each of {@code ports} answers. */
	public static Nginx start(Path main, int... ports) {
		Path output = main.resolveSibling("nginx.out");
		Nginx nginx;
		try {
			nginx = new Nginx(command(main).redirectOutput(output.toFile()).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		for (int port : ports) {
			while (!listening(port)) {
				if (!nginx.process.isAlive() || System.nanoTime() > deadline) {
					nginx.close();
					throw new IllegalStateException(
							"nginx did not listen on " + port + " within 15 s: " + read(output));
				}
				pause();
			}
		}
		return nginx;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static String servers(List<Integer> ports) {
		StringBuilder lines = new StringBuilder();
		for (int port : ports) {
			lines.append("server 127.0.0.1:").append(port).append(" max_fails=0;\n    ");
		}
		return lines.toString().strip();
	}

	/** Fails when the configuration no longer has exactly one {@code text}: the tests would run something else. */
	private static String replaceOnce(String config, String text, String replacement) {
		int at = config.indexOf(text);
		if (at < 0 || config.indexOf(text, at + 1) >= 0) {
			throw new AssertionError("llmchat-lb.conf should have '" + text + "' once");
		}
		return config.substring(0, at) + replacement + config.substring(at + text.length());
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "(" + file + " cannot be read: " + ex + ")";
		}
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** Debian's nginx, which .ci/run installs. */
	public static final class Installed extends Prerequisite {

		@Override
		protected String missing() {
			return Files.isExecutable(EXECUTABLE) ? null
					: EXECUTABLE + " is missing, so the load balancer's configuration "
							+ "(deploy/nginx/llmchat-lb.conf) was not run: install Debian's nginx "
							+ "(apt-get install nginx; .ci/run installs it)";
		}

	}

}
