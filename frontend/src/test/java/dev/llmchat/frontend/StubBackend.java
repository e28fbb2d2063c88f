package dev.llmchat.frontend;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A programmable stand-in for the backend: a real HTTP server on 127.0.0.1 with canned answers per
 * "METHOD /path" and a record of every request it got.
 */
public final class StubBackend implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger hangUps = new AtomicInteger();

	private StubBackend(HttpServer server) {
		this.server = server;
	}

	public static StubBackend start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			StubBackend stub = new StubBackend(server);
			server.createContext("/", stub::handle);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return stub;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Forgets all answers and requests, then answers GET /health as a healthy backend. */
	public void reset() {
		this.answers.clear();
		this.received.clear();
		json("GET /health", 200, """
				{"status":"healthy","database":"up","llm":{"status":"up","base_url":"http://127.0.0.1:9/v1","models":["m"],"latency_ms":3}}""");
	}

	public void json(String route, int status, String body) {
		this.answers.put(route, (exchange) -> write(exchange, status, "application/json", body));
	}

	public void problem(String route, int status, String detail) {
		String body = "{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":" + status + ",\"detail\":\"" + detail
				+ "\"}";
		this.answers.put(route, (exchange) -> write(exchange, status, "application/problem+json", body));
	}

	public void empty(String route, int status) {
		this.answers.put(route, (exchange) -> {
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
	}

	/** Answers with a file to download, as the backend's exports do; {@code disposition} may be {@code null}. */
	public void attachment(String route, String type, String disposition, String body) {
		this.answers.put(route, (exchange) -> {
			if (disposition != null) {
				exchange.getResponseHeaders().set("Content-Disposition", disposition);
			}
			write(exchange, 200, type, body);
		});
	}

	/** Answers with an event stream written piece by piece, with a pause before each piece. */
	public void stream(String route, Duration pause, String... pieces) {
		this.answers.put(route, (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (String piece : pieces) {
					sleep(pause);
					out.write(piece.getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			}
		});
	}

	/** Starts an event stream with {@code piece}, then hangs up in the middle of it. */
	public void brokenStream(String route, String piece) {
		this.answers.put(route, (exchange) -> {
			byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			// promises more than it writes: closing then cuts the connection instead of ending the body
			exchange.sendResponseHeaders(200, bytes.length + 1024);
			exchange.getResponseBody().write(bytes);
			exchange.getResponseBody().flush();
			sleep(Duration.ofMillis(100));
		});
	}

	/** Hangs up without answering, as a backend that went away between connecting and answering. */
	public void hangUp(String route) {
		this.answers.put(route, HttpExchange::close);
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	public Received last(String route) {
		return this.received.reversed()
			.stream()
			.filter((request) -> route.equals(request.route()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The backend got no " + route + "; it got " + this.received));
	}

	/** How many answers the frontend hung up on before they were written to the end, since the stub started. */
	public int hangUps() {
		return this.hangUps.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
		this.received.add(new Received(route, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
		Answer answer = this.answers.get(route);
		try {
			if (answer == null) {
				write(exchange, 404, "application/problem+json",
						"{\"status\":404,\"detail\":\"Nothing is stubbed for " + route + "\"}");
			}
			else {
				answer.write(exchange);
			}
		}
		catch (IOException ex) {
			// the frontend hung up first
			this.hangUps.incrementAndGet();
		}
		finally {
			exchange.close();
		}
	}

	private static void write(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface Answer {

		void write(HttpExchange exchange) throws IOException;

	}

	/** One request the stub got. */
	public record Received(String route, String query, Headers headers, String body) {

		public String header(String name) {
			return this.headers.getFirst(name);
		}

	}

}
