package dev.llmchat.backend.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client of the backend for tests: JSON calls and server-sent-event streams. */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public ApiClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	public static JsonMapper json() {
		return JSON;
	}

	public Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	public Response post(String path, String token, Object body) {
		return send(request(path, token).header("Content-Type", "application/json").POST(body(body)));
	}

	public Response postRaw(String path, String token, String contentType, String body) {
		HttpRequest.Builder builder = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		return send(builder);
	}

	public Response patch(String path, String token, Object body) {
		return send(request(path, token).header("Content-Type", "application/json").method("PATCH", body(body)));
	}

	public Response put(String path, String token, Object body) {
		return send(request(path, token).header("Content-Type", "application/json").PUT(body(body)));
	}

	public Response delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	/** Registers a new user with a unique e-mail and returns a token for them. */
	public String newUser() {
		String email = "user-" + UUID.randomUUID() + "@example.com";
		Response registered = post("/auth/register", null, Map.of("email", email, "password", "correct horse battery"));
		if (registered.status() != 200) {
			throw new IllegalStateException("register failed: " + registered);
		}
		return login(email, "correct horse battery");
	}

	public String login(String email, String password) {
		Response login = post("/auth/login", null, Map.of("email", email, "password", password));
		if (login.status() != 200) {
			throw new IllegalStateException("login failed: " + login);
		}
		return login.json().path("access_token").asString();
	}

	public long newChat(String token, Map<String, Object> body) {
		Response created = post("/chats", token, body);
		if (created.status() != 200) {
			throw new IllegalStateException("create chat failed: " + created);
		}
		return created.json().path("id").asLong();
	}

	/** Opens an event stream: the status and headers now, the events as they are read. */
	public EventStream openStream(String method, String path, String token, Object body, String lastEventId) {
		HttpRequest.Builder builder = request(path, token).header("Accept", "text/event-stream");
		if (lastEventId != null) {
			builder.header("Last-Event-ID", lastEventId);
		}
		if (body != null) {
			builder.header("Content-Type", "application/json").method(method, body(body));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<InputStream> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
			return new EventStream(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Streams an answer and reads it to its end. */
	public List<Event> generateStreaming(String token, long chatId, String prompt) {
		try (EventStream stream = openStream("POST", "/generate", token,
				Map.of("chat_id", chatId, "prompt", prompt, "stream", true), null)) {
			if (stream.status() != 200) {
				throw new IllegalStateException("generate failed with " + stream.status() + ": " + stream.bodyText());
			}
			return stream.readAll();
		}
	}

	/** A request to the backend with no headers yet, for tests that write every header by hand. */
	public HttpRequest.Builder request(String path) {
		return request(path, null);
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(60));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private static HttpRequest.BodyPublisher body(Object body) {
		if (body == null) {
			return HttpRequest.BodyPublishers.noBody();
		}
		String text = (body instanceof String raw) ? raw : JSON.writeValueAsString(body);
		return HttpRequest.BodyPublishers.ofString(text);
	}

	public Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body.isEmpty() ? "null" : this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(entry -> entry.getKey().equalsIgnoreCase(name))
				.map(entry -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	/** One server-sent event: its id and its JSON. */
	public record Event(String id, JsonNode data) {

		public String type() {
			return this.data.path("type").asString();
		}

	}

	/** An open event stream, read event by event. */
	public static final class EventStream implements AutoCloseable {

		private final HttpResponse<InputStream> response;

		private final BufferedReader reader;

		EventStream(HttpResponse<InputStream> response) {
			this.response = response;
			this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
		}

		public int status() {
			return this.response.statusCode();
		}

		public String contentType() {
			return this.response.headers().firstValue("Content-Type").orElse("");
		}

		public String bodyText() {
			try {
				return new String(this.response.body().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The next event, or null at the end of the stream. */
		public Event next() {
			try {
				String id = null;
				StringBuilder data = null;
				String line;
				while ((line = this.reader.readLine()) != null) {
					if (line.isEmpty()) {
						if (data != null) {
							return new Event(id, JSON.readTree(data.toString()));
						}
						continue;
					}
					if (line.startsWith("id:")) {
						id = line.substring(3).strip();
					}
					else if (line.startsWith("data:")) {
						String value = line.substring(5);
						data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
					}
				}
				return (data != null) ? new Event(id, JSON.readTree(data.toString())) : null;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		public List<Event> readAll() {
			List<Event> events = new ArrayList<>();
			for (Event event = next(); event != null; event = next()) {
				events.add(event);
			}
			return events;
		}

		/** Reads until an event of the given type arrives (inclusive). */
		public List<Event> readUntil(String type) {
			List<Event> events = new ArrayList<>();
			for (Event event = next(); event != null; event = next()) {
				events.add(event);
				if (event.type().equals(type)) {
					break;
				}
			}
			return events;
		}

		@Override
		public void close() {
			try {
				this.response.body().close();
			}
			catch (IOException ex) {
				// closing is all that is wanted
			}
		}

	}

	/** The answer's text as the token events carried it. */
	public static String text(List<Event> events) {
		StringBuilder text = new StringBuilder();
		events.stream().filter(event -> event.type().equals("token")).forEach(event -> text.append(event.data().path("chunk").asString()));
		return text.toString();
	}

}
