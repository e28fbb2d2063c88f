package dev.llmchat.system.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small real-HTTP client for the reliability tests: JSON calls with an optional bearer token, form posts and a
 * cookie jar (for the frontend's session), and event streams read line by line.
 */
final class Http {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The password of the accounts {@link #signUp} makes. */
	static final String PASSWORD = "password1";

	private final String baseUrl;

	private final HttpClient client;

	Http(String baseUrl) {
		this(baseUrl, (InetAddress) null);
	}

	/** A client whose connections come from {@code localAddress} (another loopback address: another person). */
	Http(String baseUrl, InetAddress localAddress) {
		this.baseUrl = baseUrl;
		HttpClient.Builder builder = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER);
		if (localAddress != null) {
			builder.localAddress(localAddress);
		}
		this.client = builder.build();
	}

	private Http(String baseUrl, HttpClient client) {
		this.baseUrl = baseUrl;
		this.client = client;
	}

	/** This client, with its cookies, at another address: the same browser reaching another replica. */
	Http at(String otherBaseUrl) {
		return new Http(otherBaseUrl, this.client);
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** Registers {@code email} with the password {@code password1} and returns the token of its login. */
	String signUp(String email) {
		Response registered = postJson("/auth/register", null, Map.of("email", email, "password", PASSWORD));
		if (registered.status() != 200) {
			throw new IllegalStateException("registering " + email + " failed: " + registered);
		}
		return logIn(email);
	}

	/** The token of a login of {@code email} with the password {@code password1}. */
	String logIn(String email) {
		Response login = postJson("/auth/login", null, Map.of("email", email, "password", PASSWORD));
		if (login.status() != 200) {
			throw new IllegalStateException("logging in " + email + " failed: " + login);
		}
		return login.json().path("access_token").asString();
	}

	Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	Response getWith(String path, Map<String, String> headers) {
		HttpRequest.Builder builder = request(path, null).GET();
		headers.forEach(builder::header);
		return send(builder);
	}

	Response delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	Response postJson(String path, String token, Object body) {
		String text = (body instanceof String raw) ? raw : JSON.writeValueAsString(body);
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(text)));
	}

	/** A JSON post with extra headers (the frontend's CSRF header). */
	Response postJson(String path, Map<String, String> headers, String body) {
		return sendJson("POST", path, headers, body);
	}

	/** A JSON request of any method with extra headers (the frontend's CSRF header). */
	Response sendJson(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder builder = request(path, null).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(builder::header);
		return send(builder);
	}

	Response postForm(String path, String formBody) {
		return send(request(path, null).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(formBody)));
	}

	/** Opens an event stream and returns it unread. */
	HttpResponse<InputStream> openStream(String path, String token, Object body) {
		return openStream(path, token, Map.of(), body);
	}

	/** Opens an event stream with extra headers, a POST of {@code body} or, when it is null, a GET. */
	HttpResponse<InputStream> openStream(String path, String token, Map<String, String> headers, Object body) {
		HttpRequest.Builder builder = request(path, token).header("Accept", "text/event-stream");
		if (body != null) {
			builder.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		headers.forEach(builder::header);
		try {
			return this.client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static BufferedReader lines(HttpResponse<InputStream> stream) {
		return new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
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

	record Response(int status, Map<String, List<String>> headers, String body) {

		JsonNode json() {
			return JSON.readTree(this.body.isEmpty() ? "null" : this.body);
		}

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(entry -> entry.getKey().equalsIgnoreCase(name))
				.map(entry -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + (this.body.length() > 300 ? this.body.substring(0, 300) + "…" : this.body);
		}

	}

}
