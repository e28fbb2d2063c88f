package dev.llmchat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The management port of a backend or frontend on 127.0.0.1, read as an operator's tools read it: over HTTP. */
public final class ManagementPort {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private final String baseUrl;

	public ManagementPort(int port) {
		this.port = port;
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * Whether the port takes connections on {@code address}: a port bound to 127.0.0.1 alone refuses them on
	 * 127.0.0.2, which is loopback too on Linux, where one bound to every address takes them.
	 */
	public boolean acceptsConnectionsOn(String address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, this.port), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** GET {@code path}: its status and body. */
	public HttpResponse<String> get(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What {@link #health()} answers when the application and both probes are up. */
	public static final Map<String, String> ALL_UP = Map.of(
			"/actuator/health", "200 {\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}",
			"/actuator/health/liveness", "200 {\"status\":\"UP\"}",
			"/actuator/health/readiness", "200 {\"status\":\"UP\"}");

	/** The answers of the health endpoint and its probes, each as its status and body ("200 {...}"), by path. */
	public Map<String, String> health() {
		Map<String, String> answers = new LinkedHashMap<>();
		for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = get(probe);
			answers.put(probe, response.statusCode() + " " + response.body());
		}
		return answers;
	}

	/** What Prometheus would scrape now. */
	public Scrape scrape() {
		HttpResponse<String> response = get("/actuator/prometheus");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("The scrape answered " + response.statusCode() + ": " + response.body());
		}
		List<Sample> samples = new ArrayList<>();
		for (String line : response.body().split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (!line.startsWith("#") && sample.find()) {
				Map<String, String> labels = new HashMap<>();
				Matcher label = LABEL.matcher((sample.group(2) != null) ? sample.group(2) : "");
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
				samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
			}
		}
		return new Scrape(response.body(), samples);
	}

	/**
	 * One scrape in Prometheus' text format.
	 *
	 * @param text as it was served
	 * @param samples its lines with a value
	 */
	public record Scrape(String text, List<Sample> samples) {

		/** The sum of the samples named {@code name} that carry these labels (name, value, name, value...); 0 if none. */
		public double sum(String name, String... labels) {
			return matching(name, labels).stream().mapToDouble(Sample::value).sum();
		}

		/** Whether a sample named {@code name} carries these labels (name, value, name, value...). */
		public boolean has(String name, String... labels) {
			return !matching(name, labels).isEmpty();
		}

		private List<Sample> matching(String name, String... labels) {
			return this.samples.stream().filter((sample) -> sample.name().equals(name) && sample.carries(labels)).toList();
		}

	}

	/** One line of a scrape: a metric's name, its labels and its value. */
	public record Sample(String name, Map<String, String> labels, double value) {

		boolean carries(String... labels) {
			for (int i = 0; i + 1 < labels.length; i += 2) {
				if (!labels[i + 1].equals(this.labels.get(labels[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
