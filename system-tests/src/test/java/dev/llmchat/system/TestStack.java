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
			stack.backend = backend(backendPort, "sqlite:///" + data.resolve("app.db"), randomSecret(),
					stack.simulator.baseUrl())
				.log(output.resolve(logPrefix + "backend.log"))
				.start();
			int frontendPort = AppProcess.freePort();
			stack.frontendUrl = "http://127.0.0.1:" + frontendPort;
			stack.frontend = frontend(frontendPort, stack.backendUrl)
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

	/**
	 * The backend jar on 127.0.0.1:{@code port}, on the database {@code databaseUrl} names (as DATABASE_URL takes
	 * it), asking the model server at {@code llmBaseUrl}; its management port is any free one, so that several
	 * run on one machine.
	 */
	public static AppProcess.Builder backend(int port, String databaseUrl, String secret, String llmBaseUrl) {
		return AppProcess.jar("backend", AppProcess.moduleJar("backend", "llmchat-backend.jar"))
			.env("SERVER_PORT", String.valueOf(port))
			.env("SERVER_ADDRESS", "127.0.0.1")
			.env("MANAGEMENT_PORT", "0")
			.env("DATABASE_URL", databaseUrl)
			.env("SECRET_KEY", secret)
			.env("LLM_SERVER_BASE_URL", llmBaseUrl);
	}

	/** The frontend jar on 127.0.0.1:{@code port}, in front of the backend at {@code backendUrl}. */
	public static AppProcess.Builder frontend(int port, String backendUrl) {
		return AppProcess.jar("frontend", AppProcess.moduleJar("frontend", "llmchat-frontend.jar"))
			.env("SERVER_PORT", String.valueOf(port))
			.env("SERVER_ADDRESS", "127.0.0.1")
			.env("MANAGEMENT_PORT", "0")
			.env("BACKEND_URL", backendUrl);
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
