package dev.llmchat.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Routes the simulator's HTTP requests: the OpenAI routes and the admin ones for every personality, the rest as the
 * personality's server has them, with its API key rules.
 */
final class SimulatorHandler {

	private static final String NOT_FOUND = "{\"detail\":\"Not Found\"}";

	private static final String METHOD_NOT_ALLOWED = "{\"detail\":\"Method Not Allowed\"}";

	private static final String VERSION = "{\"version\":\"0.10.1.1+sim\"}";

	private final SimulatorConfig config;

	private final ErrorBodies errors;

	private final ChatCompletions chatCompletions;

	private final ModelList models;

	private final Tokenization tokenization;

	private final LlamaCppEndpoints llamaCpp;

	private final OllamaEndpoints ollama;

	private final SimulatorStats stats;

	private final ReceivedRequests received;

	private final Supplier<Fault> fault;

	private final AdminEndpoints admin;

	private final String expectedAuthorization;

	SimulatorHandler(SimulatorConfig config, SimulatorStats stats, ReceivedRequests received, Supplier<Fault> fault,
			AdminEndpoints admin) {
		Instant modifiedAt = ModelList.nextModification();
		ContextLimit limit = new ContextLimit(config);
		this.config = config;
		this.errors = new ErrorBodies(config);
		this.chatCompletions = new ChatCompletions(config, stats, this.errors, limit);
		this.models = new ModelList(config, modifiedAt);
		this.tokenization = new Tokenization(config);
		this.llamaCpp = new LlamaCppEndpoints(config, limit, this.tokenization, stats, this.errors);
		this.ollama = new OllamaEndpoints(config, limit, modifiedAt);
		this.stats = stats;
		this.received = received;
		this.fault = fault;
		this.admin = admin;
		this.expectedAuthorization = (config.apiKey() != null) ? "Bearer " + config.apiKey() : null;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = path(request.uri());
		HttpMethod method = request.method();
		boolean chat = path.equals("/v1/chat/completions") && method == HttpMethod.POST;
		if (needsKey(path, method) && !authorized(request)) {
			return chat ? withBody(request, (body) -> {
				this.received.add(request.requestHeaders(), body);
				return Responses.json(response, 401, this.errors.unauthorized());
			}) : Responses.json(response, 401, this.errors.unauthorized());
		}
		return switch (path) {
			case "/v1/chat/completions" -> chat ? withBody(request, (body) -> {
				this.received.add(request.requestHeaders(), body);
				return this.chatCompletions.handle(request, response, body, this.fault.get());
			}) : methodNotAllowed(response);
			case "/v1/models" -> (method == HttpMethod.GET) ? Responses.json(response, 200, this.models.render())
					: methodNotAllowed(response);
			case "/sim/fault" -> (method == HttpMethod.POST)
					? withBody(request, (body) -> this.admin.setFault(response, body)) : methodNotAllowed(response);
			case "/sim/stats" -> (method == HttpMethod.GET) ? this.admin.stats(response) : methodNotAllowed(response);
			default -> switch (this.config.personality()) {
				case VLLM -> vllm(path, method, request, response);
				case LLAMACPP -> this.llamaCpp.handle(path, method, request, response);
				case OLLAMA -> this.ollama.handle(path, method, request, response);
			};
		};
	}

	/**
	 * vLLM's routes outside {@code /v1}.
	 */
	private Publisher<Void> vllm(String path, HttpMethod method, HttpServerRequest request,
			HttpServerResponse response) {
		return switch (path) {
			case "/tokenize" -> (method == HttpMethod.POST) ? tokenization(request, response, true)
					: methodNotAllowed(response);
			case "/detokenize" -> (method == HttpMethod.POST) ? tokenization(request, response, false)
					: methodNotAllowed(response);
			case "/health", "/ping" -> Responses.empty(response, 200);
			case "/version" -> (method == HttpMethod.GET) ? Responses.json(response, 200, VERSION)
					: methodNotAllowed(response);
			case "/metrics" -> (method == HttpMethod.GET) ? Responses.body(response, 200, Metrics.CONTENT_TYPE,
					Metrics.render(this.config.modelName(), this.stats).getBytes(StandardCharsets.UTF_8))
					: methodNotAllowed(response);
			default -> Responses.json(response, 404, NOT_FOUND);
		};
	}

	/**
	 * Whether the API key guards this path: vLLM guards {@code /v1/*} but for pre-flight requests, llama.cpp all but
	 * its health and model lists, Ollama nothing.
	 */
	private boolean needsKey(String path, HttpMethod method) {
		return switch (this.config.personality()) {
			case VLLM -> path.startsWith("/v1") && method != HttpMethod.OPTIONS;
			case LLAMACPP -> LlamaCppEndpoints.needsKey(path);
			case OLLAMA -> false;
		};
	}

	private Publisher<Void> tokenization(HttpServerRequest request, HttpServerResponse response, boolean tokenize) {
		if (tokenize) {
			this.stats.tokenizeReceived();
		}
		if (!this.config.tokenizeEnabled()) {
			return Responses.json(response, 404, NOT_FOUND);
		}
		return withBody(request, (body) -> {
			try {
				String json = tokenize ? this.tokenization.tokenize(body) : this.tokenization.detokenize(body);
				return Responses.json(response, 200, json);
			}
			catch (ApiError error) {
				return Responses.error(response, this.errors, error);
			}
		});
	}

	private boolean authorized(HttpServerRequest request) {
		return this.expectedAuthorization == null
				|| this.expectedAuthorization.equals(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
	}

	static Publisher<Void> withBody(HttpServerRequest request, Function<String, Publisher<Void>> handler) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) ->
				Mono.from(handler.apply(body)));
	}

	static Publisher<Void> methodNotAllowed(HttpServerResponse response) {
		return Responses.json(response, 405, METHOD_NOT_ALLOWED);
	}

	private static String path(String uri) {
		int end = uri.length();
		int query = uri.indexOf('?');
		if (query >= 0) {
			end = query;
		}
		String path = uri.substring(0, end);
		return (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

}
