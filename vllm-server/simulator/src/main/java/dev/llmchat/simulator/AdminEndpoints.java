package dev.llmchat.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /sim/fault} and {@code GET /sim/stats}, for tests that run the simulator as a process.
 * {@code refuse-connections} unbinds the socket, which would make this endpoint unreachable too, so over HTTP it needs
 * a {@code duration_ms} after which the simulator listens again.
 */
final class AdminEndpoints {

	private final SimulatorStats stats;

	private final Supplier<Fault> currentFault;

	private final Consumer<Fault> faultSetter;

	AdminEndpoints(SimulatorStats stats, Supplier<Fault> currentFault, Consumer<Fault> faultSetter) {
		this.stats = stats;
		this.currentFault = currentFault;
		this.faultSetter = faultSetter;
	}

	Publisher<Void> setFault(HttpServerResponse response, String body) {
		Fault fault;
		long durationMs;
		try {
			Map<String, Object> request = Json.parseObject(body);
			fault = Fault.fromId(String.valueOf(request.get("fault")));
			durationMs = (request.get("duration_ms") instanceof Long duration) ? duration : 0;
		}
		catch (IllegalArgumentException ex) {
			return error(response, "Expected {\"fault\":\"<id>\"}, ids: " + Fault.ids());
		}
		if (fault == Fault.REFUSE_CONNECTIONS && durationMs <= 0) {
			return error(response,
					"refuse-connections also closes this endpoint: give \"duration_ms\" to listen again after it");
		}
		String answer = Json.write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("fault", fault.id());
			json.writeEndObject();
		});
		if (fault == Fault.REFUSE_CONNECTIONS) {
			return Mono.from(Responses.json(response, 200, answer))
				.doOnSuccess((sent) -> refuseConnectionsFor(Duration.ofMillis(durationMs)));
		}
		return Mono.fromRunnable(() -> this.faultSetter.accept(fault))
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.from(Responses.json(response, 200, answer)));
	}

	/**
	 * Unbinds and rebinds off the event loop, since both wait for the socket.
	 */
	private void refuseConnectionsFor(Duration duration) {
		Scheduler scheduler = Schedulers.boundedElastic();
		scheduler.schedule(() -> {
			this.faultSetter.accept(Fault.REFUSE_CONNECTIONS);
			scheduler.schedule(() -> this.faultSetter.accept(Fault.NONE), duration.toMillis(), TimeUnit.MILLISECONDS);
		});
	}

	Publisher<Void> stats(HttpServerResponse response) {
		return Responses.json(response, 200, Json.write((json) -> {
			json.writeStartObject();
			json.writeNumberProperty("completed", this.stats.completed());
			json.writeNumberProperty("cancelled", this.stats.cancelled());
			json.writeNumberProperty("active", this.stats.activeStreams());
			json.writeNumberProperty("tokenize", this.stats.tokenize());
			json.writeStringProperty("fault", this.currentFault.get().id());
			json.writeEndObject();
		}));
	}

	private static Publisher<Void> error(HttpServerResponse response, String message) {
		return Responses.json(response, 400, Json.write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("error", message);
			json.writeEndObject();
		}));
	}

}
