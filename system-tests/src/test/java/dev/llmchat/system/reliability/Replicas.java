package dev.llmchat.system.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.system.AppProcess;
import dev.llmchat.system.Nginx;
import dev.llmchat.system.TestStack;
import dev.llmchat.testsupport.PostgresDatabase;

/**
 * The scaled deployment on one machine, as docker-compose.scale.yml runs it: a fresh PostgreSQL database, two
 * backend jars and two frontend jars as real processes, and Debian's nginx in front of each pair, round-robin; the
 * frontends reach the backends through nginx, and share one SESSION_SECRET. The model server is the vLLM simulator
 * in this JVM. Everything listens on free ports of 127.0.0.1; closing it stops what it started, by the handles it
 * holds, and drops the database.
 */
final class Replicas implements AutoCloseable {

	/** Four JVMs start at once: on a busy machine of two cores that takes minutes. */
	private static final Duration START_DEADLINE = Duration.ofSeconds(300);

	private static final int COUNT = 2;

	private final Path logs;

	private final List<String> backendOptions;

	private final String secret = TestStack.randomSecret();

	private final String sessionSecret = TestStack.randomSecret();

	private final VllmSimulator simulator;

	private PostgresDatabase database;

	private final List<Integer> backendPorts = new ArrayList<>();

	private final List<Integer> frontendPorts = new ArrayList<>();

	private final AppProcess[] backends = new AppProcess[COUNT];

	private final AppProcess[] frontends = new AppProcess[COUNT];

	private final int backendsPort = AppProcess.freePort();

	private final int frontendsPort = AppProcess.freePort();

	private Nginx nginx;

	private int restarts;

	private Replicas(Path logs, VllmSimulator simulator, List<String> backendOptions) {
		this.logs = logs;
		this.simulator = simulator;
		this.backendOptions = List.copyOf(backendOptions);
		for (int i = 0; i < COUNT; i++) {
			this.backendPorts.add(AppProcess.freePort());
			this.frontendPorts.add(AppProcess.freePort());
		}
	}

	/**
	 * Starts it all and returns once every replica and the load balancer answer.
	 *
	 * @param logs where the applications' logs and nginx's files go
	 * @param backendOptions JVM options of the backends (settings such as {@code -Dllmchat.generation.lease=6s})
	 */
	static Replicas start(Path logs, SimulatorConfig simulatorConfig, List<String> backendOptions) {
		Replicas replicas = new Replicas(logs, VllmSimulator.start(simulatorConfig), backendOptions);
		try {
			Files.createDirectories(logs);
			replicas.database = PostgresDatabase.create("replicas");
			for (int i = 0; i < COUNT; i++) {
				replicas.backends[i] = replicas.startBackend(i, "backend-" + i + ".log");
				replicas.frontends[i] = TestStack.frontend(replicas.frontendPorts.get(i), replicas.backendsUrl())
					.env("SESSION_SECRET", replicas.sessionSecret)
					.log(logs.resolve("frontend-" + i + ".log"))
					.start();
			}
			replicas.nginx = Nginx.start(Nginx.configure(logs, replicas.backendsPort, replicas.backendPorts,
					replicas.frontendsPort, replicas.frontendPorts), replicas.backendsPort, replicas.frontendsPort);
			for (int i = 0; i < COUNT; i++) {
				replicas.backends[i].awaitHttp(URI.create(replicas.backendUrl(i) + "/health"), START_DEADLINE);
				replicas.frontends[i].awaitHttp(URI.create(replicas.frontendUrl(i) + "/health"), START_DEADLINE);
			}
			return replicas;
		}
		catch (IOException ex) {
			replicas.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			replicas.close();
			throw ex;
		}
	}

	VllmSimulator simulator() {
		return this.simulator;
	}

	PostgresDatabase database() {
		return this.database;
	}

	AppProcess backend(int replica) {
		return this.backends[replica];
	}

	/** The backend replica's own address, past the load balancer. */
	String backendUrl(int replica) {
		return "http://127.0.0.1:" + this.backendPorts.get(replica);
	}

	/** The backends behind nginx, as browsers, curl and the frontends reach them. */
	String backendsUrl() {
		return "http://127.0.0.1:" + this.backendsPort;
	}

	/** The frontend replica's own address, past the load balancer. */
	String frontendUrl(int replica) {
		return "http://127.0.0.1:" + this.frontendPorts.get(replica);
	}

	/** The frontends behind nginx, as browsers reach them. */
	String frontendsUrl() {
		return "http://127.0.0.1:" + this.frontendsPort;
	}

	/** Starts the backend replica again, on its port, after it stopped or was killed, and waits until it answers. */
	void restartBackend(int replica) {
		this.backends[replica] = startBackend(replica, "backend-" + replica + "-restart-" + (++this.restarts) + ".log");
		this.backends[replica].awaitHttp(URI.create(backendUrl(replica) + "/health"), START_DEADLINE);
	}

	private AppProcess startBackend(int replica, String log) {
		AppProcess.Builder backend = TestStack
			.backend(this.backendPorts.get(replica), this.database.url(), this.secret, this.simulator.baseUrl())
			.log(this.logs.resolve(log));
		this.backendOptions.forEach(backend::jvmOption);
		return backend.start();
	}

	@Override
	public void close() {
		for (AppProcess[] processes : new AppProcess[][] { this.frontends, this.backends }) {
			for (AppProcess process : processes) {
				if (process != null) {
					process.stop();
				}
			}
		}
		if (this.nginx != null) {
			this.nginx.close();
		}
		this.simulator.close();
		if (this.database != null) {
			this.database.close();
		}
	}

}
