package dev.llmchat.system.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmchat.testsupport.Prerequisite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/nginx/llmchat-lb.conf, the load balancer of docker-compose.scale.yml, run by Debian's nginx in front of
 * stand-in replicas on 127.0.0.1: valid, round-robin with keep-alive, telling the replicas who asked, and passing
 * each event of a stream on at once. The compose service names become ports of this machine, as the README tells
 * for a load balancer without Docker; their {@code resolve} parameter goes with them, because it needs nginx 1.27.3
 * and Debian 12 has 1.22 ({@link ComposeFileTests} checks it and the image statically).
 */
@ExtendWith(NginxLoadBalancerTests.NginxInstalled.class)
class NginxLoadBalancerTests {

	private static final Path CONFIG = Scripts.root().resolve("deploy/nginx/llmchat-lb.conf");

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.build();

	@TempDir
	Path tmp;

	private final List<HttpServer> replicas = new ArrayList<>();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private Process nginx;

	/** What a stand-in replica saw of one request. */
	record Seen(String replica, String host, String forwardedFor, String forwardedProto, String forwardedPort,
			String connection, String protocol, int fromPort) {

	}

	@AfterEach
	void stopEverything() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.destroy();
			if (!this.nginx.waitFor(10, TimeUnit.SECONDS)) {
				this.nginx.destroyForcibly();
			}
		}
		this.replicas.forEach(server -> server.stop(0));
		this.threads.shutdownNow();
	}

	@Test
	void theConfigurationIsValidForNginx() throws Exception {
		Path main = configure(Scripts.freePort(), List.of(Scripts.freePort(), Scripts.freePort()), Scripts.freePort(),
				List.of(Scripts.freePort()));

		Process test = new ProcessBuilder(NGINX.toString(), "-t", "-p", this.tmp.toString(), "-c", main.toString(), "-e",
				this.tmp.resolve("error.log").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(test.exitValue()).as(output).isZero();
		assertThat(output).contains("syntax is ok", "test is successful");
	}

	@Test
	void spreadsRequestsOverTheReplicasInTurnOnKeptConnectionsAndTellsThemWhoAsked() throws Exception {
		List<Seen> seen = new CopyOnWriteArrayList<>();
		int first = replica("first", seen);
		int second = replica("second", seen);
		int frontend = replica("frontend", seen);
		int backendPort = Scripts.freePort();
		int frontendPort = Scripts.freePort();
		start(configure(backendPort, List.of(first, second), frontendPort, List.of(frontend)), backendPort, frontendPort);

		List<String> answeredBy = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			answeredBy.add(get(backendPort, Map.of()).body());
		}
		String viaProxy = get(backendPort,
				Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"))
			.body();
		String ui = get(frontendPort, Map.of()).body();

		// round-robin, no stickiness: the same client alternates between the replicas
		assertThat(answeredBy).containsOnly("first", "second");
		assertThat(answeredBy.get(1)).isNotEqualTo(answeredBy.get(0));
		assertThat(answeredBy.get(2)).isEqualTo(answeredBy.get(0));
		assertThat(answeredBy.get(3)).isEqualTo(answeredBy.get(1));
		assertThat(ui).isEqualTo("frontend");
		for (Seen request : seen.subList(0, 4)) {
			assertThat(request.host()).as("the address the browser asked for").isEqualTo("127.0.0.1:" + backendPort);
			assertThat(request.forwardedFor()).isEqualTo("127.0.0.1");
			// none made up: Tomcat would take "http" without a port for port 80 and redirect there
			assertThat(request.forwardedProto()).isNull();
			assertThat(request.protocol()).isEqualTo("HTTP/1.1");
			assertThat(request.connection()).as("no Connection: close to the replica").isNull();
		}
		// keep-alive: each replica got its two requests on one connection
		for (String replica : List.of("first", "second")) {
			List<Integer> connections = seen.subList(0, 4)
				.stream()
				.filter(request -> request.replica().equals(replica))
				.map(Seen::fromPort)
				.toList();
			assertThat(connections).as(replica).hasSize(2);
			assertThat(connections.get(1)).as("%s's second request came on the connection of its first", replica)
				.isEqualTo(connections.get(0));
		}
		// behind a TLS proxy: its client is added to the chain and its scheme and port passed on
		Seen proxied = seen.get(4);
		assertThat(proxied.replica()).isEqualTo(viaProxy);
		assertThat(proxied.forwardedFor()).isEqualTo("203.0.113.7, 127.0.0.1");
		assertThat(proxied.forwardedProto()).isEqualTo("https");
		assertThat(proxied.forwardedPort()).isEqualTo("443");
		assertThat(seen.get(5).host()).isEqualTo("127.0.0.1:" + frontendPort);
	}

	@Test
	void passesEachEventOfAStreamOnAtOnce() throws Exception {
		CountDownLatch firstEventArrived = new CountDownLatch(1);
		HttpServer replica = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		replica.setExecutor(this.threads);
		replica.createContext("/", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
				body.flush();
				// the second event only once the client has the first: a proxy that holds events back (to compress
				// them, to fill a buffer) would deliver the first only at the end
				firstEventArrived.await(10, TimeUnit.SECONDS);
				body.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		replica.start();
		this.replicas.add(replica);
		int backendPort = Scripts.freePort();
		int frontendPort = Scripts.freePort();
		start(configure(backendPort, List.of(replica.getAddress().getPort()), frontendPort, List.of(Scripts.freePort())),
				backendPort, frontendPort);

		// as a browser asks: compressed if the proxy would
		HttpResponse<InputStream> response = HTTP.send(request(backendPort, Map.of("Accept-Encoding", "gzip, deflate")),
				HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String first;
			try {
				first = CompletableFuture.supplyAsync(() -> readLine(events), this.threads).get(5, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				throw new AssertionError("the first event did not arrive within 5 s: the load balancer held it back", ex);
			}
			assertThat(first).isEqualTo("data: first");
			firstEventArrived.countDown();
			assertThat(events.readLine()).isEmpty();
			assertThat(events.readLine()).isEqualTo("data: second");
		}
	}

	/** A stand-in replica that answers every request with its name and records what it saw. */
	private int replica(String name, List<Seen> seen) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		server.setExecutor(this.threads);
		server.createContext("/", exchange -> {
			seen.add(new Seen(name, header(exchange, "Host"), header(exchange, "X-Forwarded-For"),
					header(exchange, "X-Forwarded-Proto"), header(exchange, "X-Forwarded-Port"),
					header(exchange, "Connection"), exchange.getProtocol(), exchange.getRemoteAddress().getPort()));
			byte[] body = name.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		this.replicas.add(server);
		return server.getAddress().getPort();
	}

	private static String header(HttpExchange exchange, String name) {
		return exchange.getRequestHeaders().getFirst(name);
	}

	/**
	 * The configuration as the README tells to run it without Docker (one {@code server 127.0.0.1:PORT;} line per
	 * replica, no resolver), listening on free ports of 127.0.0.1, included in an nginx.conf of its own.
	 */
	private Path configure(int backendListen, List<Integer> backends, int frontendListen, List<Integer> frontends)
			throws IOException {
		String config = Files.readString(CONFIG, StandardCharsets.UTF_8);
		config = replaceOnce(config, "server backend:8000 resolve;", servers(backends));
		config = replaceOnce(config, "server frontend:5001 resolve;", servers(frontends));
		config = replaceOnce(config, "listen 8000;", "listen 127.0.0.1:" + backendListen + ";");
		config = replaceOnce(config, "listen 5001;", "listen 127.0.0.1:" + frontendListen + ";");
		config = replaceOnce(config, "resolver 127.0.0.11 valid=10s ipv6=off;", "");
		Files.writeString(this.tmp.resolve("llmchat-lb.conf"), config, StandardCharsets.UTF_8);
		Path main = this.tmp.resolve("nginx.conf");
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
				""".formatted(this.tmp), StandardCharsets.UTF_8);
		return main;
	}

	private static String servers(List<Integer> ports) {
		StringBuilder lines = new StringBuilder();
		for (int port : ports) {
			lines.append("server 127.0.0.1:").append(port).append(";\n    ");
		}
		return lines.toString().strip();
	}

	/** Fails when the configuration no longer has exactly one {@code text}: this test would check something else. */
	private static String replaceOnce(String config, String text, String replacement) {
		int at = config.indexOf(text);
		assertThat(at).as("llmchat-lb.conf has '%s'", text).isNotNegative();
		assertThat(config.indexOf(text, at + 1)).as("llmchat-lb.conf has '%s' once", text).isNegative();
		return config.substring(0, at) + replacement + config.substring(at + text.length());
	}

	/** Runs nginx in the foreground, as one process, until both its ports answer. */
	private void start(Path main, int... ports) throws Exception {
		this.nginx = new ProcessBuilder(NGINX.toString(), "-p", this.tmp.toString(), "-c", main.toString(), "-e",
				this.tmp.resolve("error.log").toString())
			.redirectErrorStream(true)
			.redirectOutput(this.tmp.resolve("nginx.out").toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		for (int port : ports) {
			while (!Scripts.listening(port)) {
				if (!this.nginx.isAlive() || System.nanoTime() > deadline) {
					throw new AssertionError("nginx did not listen on " + port + " within 15 s: "
							+ Files.readString(this.tmp.resolve("nginx.out")));
				}
				Thread.sleep(50);
			}
		}
	}

	private static HttpRequest request(int port, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
			.timeout(Duration.ofSeconds(10));
		headers.forEach(request::header);
		return request.GET().build();
	}

	private static HttpResponse<String> get(int port, Map<String, String> headers) throws Exception {
		HttpResponse<String> response = HTTP.send(request(port, headers), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Debian's nginx, which .ci/run installs. */
	static final class NginxInstalled extends Prerequisite {

		@Override
		protected String missing() {
			return Files.isExecutable(NGINX) ? null
					: NGINX + " is missing, so the load balancer's configuration (deploy/nginx/llmchat-lb.conf) was not "
							+ "run: install Debian's nginx (apt-get install nginx; .ci/run installs it)";
		}

	}

}
