package dev.llmchat.backend.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import dev.llmchat.backend.llm.ServerWindows.OllamaMemory;
import dev.llmchat.backend.llm.ServerWindows.ShownModel;
import tools.jackson.databind.JsonNode;

/**
 * Learns, after each {@code /v1/models} probe, which kind of server answers and the context window of its models:
 * <ul>
 * <li>vLLM: each card's {@code max_model_len} (a LoRA card takes its parent's);</li>
 * <li>llama.cpp: {@code GET /props} → {@code default_generation_settings.n_ctx}, the context of each request, or
 * without it the configured window; held to {@code meta.n_ctx_train};</li>
 * <li>Ollama: a model's {@code num_ctx} parameter from {@code POST /api/show}, else the smallest context Ollama gives
 * by itself (2048 before 0.6.7, 4096 since), lowered to any smaller context {@code GET /api/ps} has shown for it
 * loaded (a server default below Ollama's own); both held to its trained context. Ollama cuts a longer prompt
 * silently, so its window must never be guessed high;</li>
 * <li>any other server: the configured window.</li>
 * </ul>
 * A call that fails leaves what was known before; only an answer changes it.
 */
@Component
class WindowProbe {

	/** What Ollama gave a model without {@code num_ctx} before 0.6.7. */
	static final int OLLAMA_OLD_DEFAULT = 2048;

	/**
	 * The least Ollama gives a model without {@code num_ctx} since 0.6.7: 4096 until 0.15.5, then 4096, 32768 or 262144
	 * by the GPU's memory; {@code OLLAMA_CONTEXT_LENGTH} changes it and no API shows that until the model is loaded.
	 */
	static final int OLLAMA_DEFAULT = 4096;

	private static final int SHOW_CONCURRENCY = 4;

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

	private final LlmClient client;

	private final LlmProperties properties;

	WindowProbe(LlmClient client, LlmProperties properties) {
		this.client = client;
		this.properties = properties;
	}

	/** Never fails: what cannot be learned now stays as {@code previous} knew it. */
	Mono<ServerWindows> learn(JsonNode list, ServerWindows previous) {
		List<JsonNode> cards = new ArrayList<>();
		list.path("data").forEach(card -> {
			if (card.path("id").isString()) {
				cards.add(card);
			}
		});
		if (cards.stream().anyMatch(WindowProbe::isVllm)) {
			return Mono.just(vllm(cards));
		}
		if (cards.stream().anyMatch(WindowProbe::isLlamaCpp)) {
			return ask(HttpMethod.GET, "/props", null).map(props -> llamaCpp(cards, props))
				.onErrorResume(ex -> Mono.just(previous.kind() == ServerKind.LLAMA_CPP ? previous
						: llamaCpp(cards, Optional.empty())));
		}
		return Mono.zip(ask(HttpMethod.GET, "/api/version", null), ask(HttpMethod.GET, "/props", null))
			.flatMap(answers -> {
				Optional<String> version = answers.getT1()
					.filter(answer -> answer.path("version").isString())
					.map(answer -> answer.path("version").asString());
				if (version.isPresent()) {
					return ollama(cards, version.get(), previous);
				}
				if (answers.getT2().flatMap(WindowProbe::slotContext).isPresent()) {
					return Mono.just(llamaCpp(cards, answers.getT2()));
				}
				return Mono.just(ServerWindows.unknown(this.properties.maxModelLen()));
			})
			.onErrorResume(ex -> Mono.just(previous));
	}

	private ServerWindows vllm(List<JsonNode> cards) {
		Map<String, Integer> windows = new HashMap<>();
		for (JsonNode card : cards) {
			if (card.path("max_model_len").isInt()) {
				windows.put(card.path("id").asString(), card.path("max_model_len").asInt());
			}
		}
		for (JsonNode card : cards) {
			Integer parents = windows.get(card.path("parent").asString(""));
			if (parents != null) {
				windows.putIfAbsent(card.path("id").asString(), parents);
			}
		}
		return new ServerWindows(ServerKind.VLLM, windows, this.properties.maxModelLen(), false, OllamaMemory.NONE);
	}

	/**
	 * One window for every name, as llama-server serves one model and ignores the name a request gives: its slot's
	 * context, else the configured window; held to the trained context.
	 */
	private ServerWindows llamaCpp(List<JsonNode> cards, Optional<JsonNode> props) {
		Optional<Integer> told = props.flatMap(WindowProbe::slotContext);
		int window = told.orElse(this.properties.maxModelLen());
		for (JsonNode card : cards) {
			JsonNode trained = card.path("meta").path("n_ctx_train");
			if (trained.isInt() && trained.asInt() > 0) {
				window = Math.min(window, trained.asInt());
			}
		}
		return ServerWindows.sameForAll(ServerKind.LLAMA_CPP, window, told.isPresent());
	}

	private Mono<ServerWindows> ollama(List<JsonNode> cards, String version, ServerWindows previous) {
		int floor = ollamaDefault(version);
		OllamaMemory memory = previous.ollama();
		Mono<Map<String, ShownModel>> shown = Flux.fromIterable(cards)
			.flatMap(card -> show(card, memory), SHOW_CONCURRENCY)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		Mono<Map<String, Integer>> loaded = ask(HttpMethod.GET, "/api/ps", null)
			.map(answer -> answer.map(WindowProbe::loadedContexts).orElse(Map.of()))
			.onErrorReturn(Map.of());
		return Mono.zip(shown, loaded).map(facts -> {
			Map<String, Integer> lowest = new HashMap<>(memory.lowestLoaded());
			facts.getT2().forEach((model, context) -> {
				ShownModel shownModel = facts.getT1().get(model);
				if (shownModel == null || shownModel.numCtx() == null) {
					lowest.merge(model, context, Math::min);
				}
			});
			Map<String, Integer> windows = new HashMap<>();
			for (JsonNode card : cards) {
				String id = card.path("id").asString();
				windows.put(id, ollamaWindow(facts.getT1().get(id), floor, lowest.get(id)));
			}
			return new ServerWindows(ServerKind.OLLAMA, windows, floor, true, new OllamaMemory(facts.getT1(), lowest));
		});
	}

	/** A model's {@code /api/show} facts: asked again only when its {@code created} time changed. */
	private Mono<Map.Entry<String, ShownModel>> show(JsonNode card, OllamaMemory memory) {
		String id = card.path("id").asString();
		long created = card.path("created").asLong(0);
		ShownModel known = memory.shown().get(id);
		if (known != null && known.created() == created) {
			return Mono.just(Map.entry(id, known));
		}
		return ask(HttpMethod.POST, "/api/show", Map.of("model", id))
			.map(answer -> Map.entry(id, new ShownModel(created,
					answer.map(show -> numCtx(show.path("parameters").asString(""))).orElse(null),
					answer.map(show -> trainedContext(show.path("model_info"))).orElse(null))))
			.onErrorResume(ex -> (known != null) ? Mono.just(Map.entry(id, known)) : Mono.empty());
	}

	static int ollamaWindow(ShownModel shown, int floor, Integer lowestLoaded) {
		int window = (shown != null && shown.numCtx() != null) ? shown.numCtx()
				: Math.min(floor, (lowestLoaded != null) ? lowestLoaded : floor);
		return (shown != null && shown.trained() != null) ? Math.min(window, shown.trained()) : window;
	}

	/** The context Ollama of this version gives a model without {@code num_ctx}, at the least. */
	static int ollamaDefault(String version) {
		Matcher matcher = VERSION.matcher(version);
		if (!matcher.find()) {
			return OLLAMA_OLD_DEFAULT;
		}
		int major = Integer.parseInt(matcher.group(1));
		int minor = Integer.parseInt(matcher.group(2));
		int patch = Integer.parseInt(matcher.group(3));
		boolean since067 = major > 0 || minor > 6 || (minor == 6 && patch >= 7);
		return since067 ? OLLAMA_DEFAULT : OLLAMA_OLD_DEFAULT;
	}

	/** {@code num_ctx} from {@code /api/show}'s parameters, one {@code name value} per line; null when absent. */
	static Integer numCtx(String parameters) {
		for (String line : parameters.split("\n")) {
			String[] words = line.strip().split("\\s+");
			if (words.length == 2 && words[0].equals("num_ctx")) {
				return positive(words[1]);
			}
		}
		return null;
	}

	/** {@code <general.architecture>.context_length} from {@code /api/show}'s model_info; null when absent. */
	static Integer trainedContext(JsonNode modelInfo) {
		JsonNode length = modelInfo.path(modelInfo.path("general.architecture").asString("") + ".context_length");
		return (length.isIntegralNumber() && length.asLong() > 0 && length.asLong() <= Integer.MAX_VALUE)
				? Integer.valueOf(length.asInt()) : null;
	}

	private static Map<String, Integer> loadedContexts(JsonNode ps) {
		Map<String, Integer> contexts = new HashMap<>();
		for (JsonNode model : ps.path("models")) {
			String name = model.path("name").asString(model.path("model").asString(""));
			if (!name.isEmpty() && model.path("context_length").isInt() && model.path("context_length").asInt() > 0) {
				contexts.put(name, model.path("context_length").asInt());
			}
		}
		return contexts;
	}

	/** The context each request gets from llama-server: its slot's {@code n_ctx}. */
	private static Optional<Integer> slotContext(JsonNode props) {
		JsonNode slot = props.path("default_generation_settings").path("n_ctx");
		JsonNode top = props.path("n_ctx");
		JsonNode context = slot.isInt() ? slot : top;
		return (context.isInt() && context.asInt() > 0) ? Optional.of(context.asInt()) : Optional.empty();
	}

	private static boolean isVllm(JsonNode card) {
		return card.path("max_model_len").isInt() || card.path("owned_by").asString("").equals("vllm");
	}

	private static boolean isLlamaCpp(JsonNode card) {
		return card.path("owned_by").asString("").equals("llamacpp") || card.path("meta").has("n_ctx_train");
	}

	private static Integer positive(String number) {
		try {
			int value = (int) Double.parseDouble(number);
			return (value > 0) ? value : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The server's JSON answer, empty for an error status; fails when it does not answer. */
	private Mono<Optional<JsonNode>> ask(HttpMethod method, String path, Object body) {
		Duration timeout = this.properties.healthTimeout();
		return this.client.rootJson(method, path, body, timeout).map(Optional::of).defaultIfEmpty(Optional.empty());
	}

}
