package dev.llmchat.system.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * An answer's event stream read as it arrives, on a thread of its own: each event with its id and the moment it
 * came, until the server ends the stream or the connection breaks (a killed backend).
 */
final class Events implements AutoCloseable {

	private final HttpResponse<InputStream> response;

	private final List<Event> events = new ArrayList<>();

	private final Thread reader;

	private volatile boolean ended;

	private Events(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = Thread.ofVirtual().start(this::read);
	}

	/** Starts reading a 200 event stream; fails with the answer's body for any other status. */
	static Events of(HttpResponse<InputStream> response) {
		if (response.statusCode() != 200) {
			String body;
			try (InputStream in = response.body()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				body = ex.toString();
			}
			throw new AssertionError("expected an event stream, got " + response.statusCode() + " " + body);
		}
		return new Events(response);
	}

	/**
	 * One event.
	 *
	 * @param id its {@code id:}, the answer's sequence number
	 * @param data its {@code data:} JSON
	 * @param at when it arrived, {@link System#nanoTime()}
	 */
	record Event(long id, JsonNode data, long at) {

		String type() {
			return this.data.path("type").asString();
		}

	}

	/** The events so far. */
	List<Event> all() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/** Waits for the {@code n}th event (from 1) and returns it. */
	Event await(int n, Duration deadline) {
		return awaitUntil(events -> events.size() >= n, deadline, n + " events").get(n - 1);
	}

	/** Waits until the first token came {@code streaming} ago, so the answer has streamed that long. */
	void awaitStreamingFor(Duration streaming, Duration deadline) {
		awaitUntil(events -> events.stream()
			.filter(event -> event.type().equals("token"))
			.findFirst()
			.filter(first -> System.nanoTime() - first.at() >= streaming.toNanos())
			.isPresent(), deadline, "tokens for " + streaming);
	}

	/** Waits until the stream is over and returns all its events. */
	List<Event> awaitEnd(Duration deadline) {
		Poll.until(() -> this.ended, deadline,
				() -> "the event stream did not end within " + deadline + "; it had " + all().size() + " events");
		return all();
	}

	/** The text of the token events that arrived by {@code nanoTime}. */
	String textBy(long nanoTime) {
		return text(all().stream().filter(event -> event.at() <= nanoTime).toList());
	}

	/** The text of the token events among {@code events}. */
	static String text(List<Event> events) {
		StringBuilder text = new StringBuilder();
		for (Event event : events) {
			if (event.type().equals("token")) {
				text.append(event.data().path("chunk").asString());
			}
		}
		return text.toString();
	}

	/** The text of all the token events so far. */
	String text() {
		return textBy(Long.MAX_VALUE);
	}

	/** Stops reading: the client goes away. */
	@Override
	public void close() {
		this.reader.interrupt();
		try {
			this.response.body().close();
			this.reader.join(Duration.ofSeconds(5));
		}
		catch (IOException ex) {
			// going away anyway
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<Event> awaitUntil(Predicate<List<Event>> done, Duration deadline, String what) {
		Poll.until(() -> {
			boolean ended = this.ended;
			if (done.test(all())) {
				return true;
			}
			if (ended) {
				throw new AssertionError("the event stream ended before " + what + ": " + all());
			}
			return false;
		}, deadline, () -> "no " + what + " within " + deadline + "; the stream had " + all().size() + " events");
		return all();
	}

	private void read() {
		try (BufferedReader lines = Http.lines(this.response)) {
			long id = -1;
			JsonNode data = null;
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("id:")) {
					id = Long.parseLong(line.substring(3).strip());
				}
				else if (line.startsWith("data:")) {
					data = Http.JSON.readTree(line.substring(5));
				}
				else if (line.isEmpty() && data != null) {
					synchronized (this.events) {
						this.events.add(new Event(id, data, System.nanoTime()));
					}
					id = -1;
					data = null;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the connection broke (a killed backend) or was closed: what arrived is what was delivered
		}
		finally {
			this.ended = true;
		}
	}

}
