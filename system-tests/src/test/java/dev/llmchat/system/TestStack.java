package dev.llmchat.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;

/**
 * The whole system on free loopback ports: the vLLM simulator in process, the backend and the frontend jars as real
 * processes on a fresh SQLite file. Closing it stops what it started, by the handles it holds.
 */
public final class TestStack implements AutoCloseable {

	private final VllmSimulator simulator;

	private AppProcess backend;

	private AppProcess frontend;

	private String backendUrl;

	private String frontendUrl;

	private TestStack(VllmSimulator simulator) {
		this.simulator = simulator;
	}

	/**
	 * @param output where the database and the logs go ({@code <logPrefix>backend.log}, {@code …frontend.log})
	 * @param deadline how long each application may take to answer its {@code /health}
	 */
	public static TestStack start(SimulatorConfig simulatorConfig, Path output, String logPrefix, Duration deadline)
			throws IOException {
		Files.createDirectories(output);
		Path data = Files.createTempDirectory(output.toAbsolutePath(), logPrefix + "data-");
		TestStack stack = new TestStack(VllmSimulator.start(simulatorConfig));
		try {
			int backendPort = AppProcess.freePort();
			stack.backendUrl = "http://127.0.0.1:" + backendPort;
			stack.backend = AppProcess.jar("backend", AppProcess.moduleJar("backend", "llmchat-backend.jar"))
				.env("SERVER_PORT", String.valueOf(backendPort))
				.env("SERVER_ADDRESS", "127.0.0.1")
				.env("DATABASE_URL", "sqlite:///" + data.resolve("app.db"))
				.env("SECRET_KEY", randomSecret())
				.env("LLM_SERVER_BASE_URL", stack.simulator.baseUrl())
				.log(output.resolve(logPrefix + "backend.log"))
				.start();
			int frontendPort = AppProcess.freePort();
			stack.frontendUrl = "http://127.0.0.1:" + frontendPort;
			stack.frontend = AppProcess.jar("frontend", AppProcess.moduleJar("frontend", "llmchat-frontend.jar"))
				.env("SERVER_PORT", String.valueOf(frontendPort))
				.env("SERVER_ADDRESS", "127.0.0.1")
				.env("BACKEND_URL", stack.backendUrl)
				.log(output.resolve(logPrefix + "frontend.log"))
				.start();
			stack.backend.awaitHttp(URI.create(stack.backendUrl + "/health"), deadline);
			stack.frontend.awaitHttp(URI.create(stack.frontendUrl + "/health"), deadline);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	/** A signing key of 48 random characters, as SECRET_KEY should be. */
	public static String randomSecret() {
		byte[] bytes = new byte[36];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public VllmSimulator simulator() {
		return this.simulator;
	}

	public AppProcess backend() {
		return this.backend;
	}

	public AppProcess frontend() {
		return this.frontend;
	}

	public String backendUrl() {
		return this.backendUrl;
	}

	public String frontendUrl() {
		return this.frontendUrl;
	}

	@Override
	public void close() {
		if (this.frontend != null) {
			this.frontend.stop();
		}
		if (this.backend != null) {
			this.backend.stop();
		}
		this.simulator.close();
	}

}
