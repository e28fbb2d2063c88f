package dev.llmchat.backend.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * What the model server serves, from {@code GET /v1/models}, probed with a short timeout and reused for a few
 * seconds. When the cached answer is stale it is still returned at once while a new probe runs, so a slow or dead
 * server never makes health checks or requests slow.
 */
@Component
public class ModelCatalog {

	private static final Duration DOWN_REUSE = Duration.ofSeconds(1);

	private final LlmClient client;

	private final LlmProperties properties;

	private final Clock clock;

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile Mono<Snapshot> firstProbe;

	private volatile Snapshot latest;

	ModelCatalog(LlmClient client, LlmProperties properties, Clock clock) {
		this.client = client;
		this.properties = properties;
		this.clock = clock;
	}

	/** Probes once as soon as the application is ready, so that its first request finds an answer waiting. */
	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		refreshInBackground();
	}

	/**
	 * The latest known state; waits (at most the health timeout) only before the first probe has answered. A server
	 * found down is probed again after a second, an answering one after the configured cache time.
	 */
	public Snapshot snapshot() {
		Snapshot current = this.latest;
		if (current != null) {
			if (Duration.between(current.checkedAt(), this.clock.instant()).compareTo(reuseFor(current)) > 0) {
				refreshInBackground();
			}
			return current;
		}
		Mono<Snapshot> first = this.firstProbe;
		if (first == null) {
			synchronized (this) {
				if (this.firstProbe == null) {
					this.firstProbe = probe().doOnNext(snapshot -> this.latest = snapshot).cache();
				}
				first = this.firstProbe;
			}
		}
		return first.block(this.properties.healthTimeout().plusSeconds(1));
	}

	/** The context window of a model: the server's {@code max_model_len} when it reports one, else configured. */
	public int maxModelLen(String model) {
		Integer reported = snapshot().maxModelLens().get(model);
		return reported != null ? reported : this.properties.maxModelLen();
	}

	private Duration reuseFor(Snapshot snapshot) {
		Duration configured = this.properties.healthCache();
		return (snapshot.up() || configured.compareTo(DOWN_REUSE) < 0) ? configured : DOWN_REUSE;
	}

	private void refreshInBackground() {
		if (this.probing.compareAndSet(false, true)) {
			probe().doFinally(signal -> this.probing.set(false)).subscribe(snapshot -> this.latest = snapshot);
		}
	}

	private Mono<Snapshot> probe() {
		long start = System.nanoTime();
		return this.client.models(this.properties.healthTimeout())
			.map(body -> Snapshot.up(body, elapsedMs(start), this.clock.instant()))
			.onErrorResume(ex -> Mono.just(Snapshot.down(ex.getMessage(), elapsedMs(start), this.clock.instant())));
	}

	private static long elapsedMs(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
	}

	/**
	 * One probe's result.
	 *
	 * @param up whether the server answered the model list
	 * @param models the served model ids
	 * @param maxModelLens the context window of each model that reports one
	 * @param list the server's answer as it was, for {@code GET /models}
	 * @param error why the server is down
	 * @param latencyMs how long the probe took
	 * @param checkedAt when it was taken
	 */
	public record Snapshot(boolean up, List<String> models, Map<String, Integer> maxModelLens, JsonNode list,
			String error, long latencyMs, Instant checkedAt) {

		static Snapshot up(JsonNode list, long latencyMs, Instant checkedAt) {
			List<String> models = new ArrayList<>();
			Map<String, Integer> lengths = new HashMap<>();
			for (JsonNode card : list.path("data")) {
				String id = card.path("id").asString(null);
				if (id != null) {
					models.add(id);
					if (card.path("max_model_len").isInt()) {
						lengths.put(id, card.path("max_model_len").asInt());
					}
				}
			}
			return new Snapshot(true, List.copyOf(models), Map.copyOf(lengths), list, null, latencyMs, checkedAt);
		}

		static Snapshot down(String error, long latencyMs, Instant checkedAt) {
			return new Snapshot(false, List.of(), Map.of(), null, error, latencyMs, checkedAt);
		}

		public Optional<JsonNode> listIfUp() {
			return Optional.ofNullable(this.list);
		}

	}

}
