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
import dev.llmchat.system.Nginx;
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
@ExtendWith(Nginx.Installed.class)
class NginxLoadBalancerTests {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.build();

	@TempDir
	Path tmp;

	private final List<HttpServer> replicas = new ArrayList<>();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private Nginx nginx;

	/** What a stand-in replica saw of one request. */
	record Seen(String replica, String host, String forwardedFor, String forwardedProto, String forwardedPort,
			String connection, String protocol, int fromPort) {

	}

	@AfterEach
	void stopEverything() {
		if (this.nginx != null) {
			this.nginx.close();
		}
		this.replicas.forEach(server -> server.stop(0));
		this.threads.shutdownNow();
	}

	@Test
	void theConfigurationIsValidForNginx() throws Exception {
		Path main = Nginx.configure(this.tmp, Scripts.freePort(), List.of(Scripts.freePort(), Scripts.freePort()),
				Scripts.freePort(), List.of(Scripts.freePort()));

		Process test = Nginx.command(main, "-t").start();
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
		this.nginx = Nginx.start(
				Nginx.configure(this.tmp, backendPort, List.of(first, second), frontendPort, List.of(frontend)),
				backendPort, frontendPort);

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
		this.nginx = Nginx.start(Nginx.configure(this.tmp, backendPort, List.of(replica.getAddress().getPort()),
				frontendPort, List.of(Scripts.freePort())), backendPort, frontendPort);

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

	@Test
	void aReplicaThatFailedIsNotTakenOutOfTheUpstream() throws Exception {
		// nothing listens on the replicas' ports yet: a request finds both refusing
		int first = Scripts.freePort();
		int second = Scripts.freePort();
		int backendPort = Scripts.freePort();
		int frontendPort = Scripts.freePort();
		this.nginx = Nginx.start(Nginx.configure(this.tmp, backendPort, List.of(first, second), frontendPort,
				List.of(Scripts.freePort())), backendPort, frontendPort);
		assertThat(HTTP.send(request(backendPort, Map.of()), HttpResponse.BodyHandlers.ofString()).statusCode())
			.isEqualTo(502);
		List<Seen> seen = new CopyOnWriteArrayList<>();
		replica("first", seen, first);
		replica("second", seen, second);

		// with nginx's default (max_fails=1 fail_timeout=10s) both would be out for 10 s: 502 "no live upstreams",
		// as 449 of 1,000 streams got when a burst made both backends fail once
		assertThat(get(backendPort, Map.of()).body()).isIn("first", "second");
		assertThat(get(backendPort, Map.of()).body()).isIn("first", "second");
	}

	/** A stand-in replica that answers every request with its name and records what it saw. */
	private int replica(String name, List<Seen> seen) throws IOException {
		return replica(name, seen, 0);
	}

	private int replica(String name, List<Seen> seen, int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
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

}
