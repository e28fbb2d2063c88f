package dev.llmchat.backend.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * What the model server serves, from {@code GET /v1/models}, and the context window of each model, learned with it
 * ({@link WindowProbe}); probed with short timeouts and reused for a few seconds. When the cached answer is stale it
 * is still returned at once while a new probe runs, so a slow or dead server never makes health checks or requests
 * slow. A window the server names when it refuses a prompt is kept for its model until a probe started after the
 * refusal tells the model's window, or answers differently than before (the server restarted with another window).
 */
@Component
public class ModelCatalog {

	private static final Duration DOWN_REUSE = Duration.ofSeconds(1);

	private final LlmClient client;

	private final WindowProbe windowProbe;

	private final LlmProperties properties;

	private final Clock clock;

	private final AtomicBoolean probing = new AtomicBoolean();

	private final AtomicLong probesStarted = new AtomicLong();

	private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

	private volatile Mono<State> firstProbe;

	private volatile State latest;

	ModelCatalog(LlmClient client, WindowProbe windowProbe, LlmProperties properties, Clock clock) {
		this.client = client;
		this.windowProbe = windowProbe;
		this.properties = properties;
		this.clock = clock;
	}

	/** Probes once as soon as the application is ready, so that its first request finds an answer waiting. */
	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		refreshInBackground();
	}

	/**
	 * The latest known state; waits (at most the probe's timeouts) only before the first probe has answered. A server
	 * found down is probed again after a second, an answering one after the configured cache time.
	 */
	public Snapshot snapshot() {
		return state().snapshot();
	}

	/**
	 * The context window of a model: from the latest probe, or from the server's refusal since; no network call once
	 * the first probe has answered.
	 */
	public Window window(String model) {
		State state = state();
		int tokens = state.windows().window(model);
		Refusal refusal = this.refusals.get(model);
		if (refusal != null) {
			if (refusal.holds(state, model)) {
				tokens = refusal.window();
			}
			else {
				this.refusals.remove(model, refusal);
			}
		}
		return new Window(tokens, state.windows().kind().mayCountTokens());
	}

	/** Whether the latest probe found the server serving {@code model}; never waits for a probe. */
	public boolean serves(String model) {
		State current = this.latest;
		return current != null && current.snapshot().models().contains(model);
	}

	/** Keeps the window the server named when it refused a prompt for this model as too long. */
	public void refusedAt(String model, int window) {
		this.refusals.put(model, new Refusal(window, state().windows().window(model), this.probesStarted.get()));
	}

	private State state() {
		State current = this.latest;
		if (current != null) {
			if (Duration.between(current.snapshot().checkedAt(), this.clock.instant())
				.compareTo(reuseFor(current.snapshot())) > 0) {
				refreshInBackground();
			}
			return current;
		}
		Mono<State> first = this.firstProbe;
		if (first == null) {
			synchronized (this) {
				if (this.firstProbe == null) {
					this.firstProbe = probe().doOnNext(state -> this.latest = state).cache();
				}
				first = this.firstProbe;
			}
		}
		// the model list, then at most two rounds of calls that learn the windows
		return first.block(this.properties.healthTimeout().multipliedBy(3).plusSeconds(1));
	}

	private Duration reuseFor(Snapshot snapshot) {
		Duration configured = this.properties.healthCache();
		return (snapshot.up() || configured.compareTo(DOWN_REUSE) < 0) ? configured : DOWN_REUSE;
	}

	private void refreshInBackground() {
		if (this.probing.compareAndSet(false, true)) {
			probe().doFinally(signal -> this.probing.set(false)).subscribe(state -> this.latest = state);
		}
	}

	/** The model list, and the windows learned after it; those known before when the server is down. */
	private Mono<State> probe() {
		long number = this.probesStarted.incrementAndGet();
		long start = System.nanoTime();
		State before = this.latest;
		ServerWindows known = (before != null) ? before.windows() : ServerWindows.unknown(this.properties.maxModelLen());
		return this.client.models(this.properties.healthTimeout())
			.flatMap(body -> {
				Snapshot snapshot = Snapshot.up(body, elapsedMs(start), this.clock.instant());
				// at most two rounds of calls; what they have not learned by then is learned by the next probe
				return this.windowProbe.learn(body, known)
					.timeout(this.properties.healthTimeout().multipliedBy(2), Mono.just(known))
					.map(windows -> new State(snapshot, windows, number));
			})
			.onErrorResume(ex -> Mono.just(
					new State(Snapshot.down(ex.getMessage(), elapsedMs(start), this.clock.instant()), known, number)));
	}

	private static long elapsedMs(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
	}

	/**
	 * A model's context window.
	 *
	 * @param tokens prompt and answer together, in tokens
	 * @param mayCountTokens whether the server's {@code /tokenize} may count a chat (vLLM's does)
	 */
	public record Window(int tokens, boolean mayCountTokens) {
	}

	/**
	 * One probe: the model list and the windows learned with it.
	 *
	 * @param number the probe's number, counted when it started
	 */
	private record State(Snapshot snapshot, ServerWindows windows, long number) {
	}

	/**
	 * @param window the window the server named when it refused a prompt
	 * @param probed the model's window by the probes then
	 * @param lastProbe the number of the last probe started before the refusal
	 */
	private record Refusal(int window, int probed, long lastProbe) {

		/**
		 * Whether the refusal still says more than the probes: not when they answer another window now, nor when a
		 * probe started after it found the server up and telling the window (it then tells the window in force).
		 */
		boolean holds(State state, String model) {
			if (state.windows().window(model) != this.probed) {
				return false;
			}
			boolean probedSince = state.number() > this.lastProbe && state.snapshot().up();
			return !(probedSince && state.windows().told(model));
		}

	}

	/**
	 * One probe's result.
	 *
	 * @param up whether the server answered the model list
	 * @param models the served model ids
	 * @param list the server's answer as it was, for {@code GET /models}
	 * @param error why the server is down
	 * @param latencyMs how long the model list took
	 * @param checkedAt when it was taken
	 */
	public record Snapshot(boolean up, List<String> models, JsonNode list, String error, long latencyMs,
			Instant checkedAt) {

		static Snapshot up(JsonNode list, long latencyMs, Instant checkedAt) {
			List<String> models = new ArrayList<>();
			for (JsonNode card : list.path("data")) {
				String id = card.path("id").asString(null);
				if (id != null) {
					models.add(id);
				}
			}
			return new Snapshot(true, List.copyOf(models), list, null, latencyMs, checkedAt);
		}

		static Snapshot down(String error, long latencyMs, Instant checkedAt) {
			return new Snapshot(false, List.of(), null, error, latencyMs, checkedAt);
		}

		public Optional<JsonNode> listIfUp() {
			return Optional.ofNullable(this.list);
		}

	}

}
