package dev.llmchat.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain HTTP/1.1 client for the simulator's tests.
 */
final class SimulatorClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String rootUrl;

	SimulatorClient(String rootUrl) {
		this.rootUrl = rootUrl;
	}

	SimulatorClient(VllmSimulator simulator) {
		this(simulator.rootUrl());
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET().build());
	}

	HttpResponse<String> post(String path, String json, String... headers) {
		return postAs(path, "application/json", json, headers);
	}

	HttpResponse<String> postAs(String path, String contentType, String body, String... headers) {
		return send(request(path, headers).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Starts a streamed chat request and returns once the response headers arrived.
	 */
	HttpResponse<InputStream> openStream(String json) {
		HttpRequest request = request("/v1/chat/completions").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.rootUrl + path))
			.timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/**
	 * A chat request body: alternating user and assistant messages ending with the given last one from the user.
	 */
	static ObjectNode chat(String... userThenAssistant) {
		ObjectNode request = JSON.createObjectNode();
		ArrayNode messages = request.putArray("messages");
		for (int i = 0; i < userThenAssistant.length; i++) {
			messages.addObject().put("role", (i % 2 == 0) ? "user" : "assistant").put("content", userThenAssistant[i]);
		}
		return request;
	}

	static ObjectNode streamingChat(String userMessage) {
		return chat(userMessage).put("stream", true);
	}

	/**
	 * The data payloads of a server-sent event body, after checking that it is nothing but events framed exactly as
	 * vLLM frames them: {@code data: X\n\n}, with the space after the colon, no other line and no other blank line.
	 */
	static List<String> events(String body) {
		if (!body.endsWith("\n\n")) {
			throw new AssertionError("The body does not end with an empty line: " + body);
		}
		List<String> events = new ArrayList<>();
		for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
			if (!event.startsWith("data: ") || event.length() == "data: ".length() || event.contains("\n")
					|| event.contains("\r")) {
				throw new AssertionError("Not a 'data: X' event: [" + event + "] in " + body);
			}
			events.add(event.substring("data: ".length()));
		}
		return events;
	}

}
