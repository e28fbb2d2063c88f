package dev.llmchat.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Routes the simulator's HTTP requests and applies the API key to {@code /v1/*}, as vLLM's middleware does.
 */
final class SimulatorHandler {

	private static final String NOT_FOUND = "{\"detail\":\"Not Found\"}";

	private static final String METHOD_NOT_ALLOWED = "{\"detail\":\"Method Not Allowed\"}";

	private static final String UNAUTHORIZED = "{\"error\":\"Unauthorized\"}";

	private static final String VERSION = "{\"version\":\"0.10.1.1+sim\"}";

	private final SimulatorConfig config;

	private final ErrorBodies errors;

	private final ChatCompletions chatCompletions;

	private final Tokenization tokenization;

	private final SimulatorStats stats;

	private final ReceivedRequests received;

	private final Supplier<Fault> fault;

	private final AdminEndpoints admin;

	private final String expectedAuthorization;

	SimulatorHandler(SimulatorConfig config, SimulatorStats stats, ReceivedRequests received, Supplier<Fault> fault,
			AdminEndpoints admin) {
		this.config = config;
		this.errors = new ErrorBodies(config.errorShape());
		this.chatCompletions = new ChatCompletions(config, stats, this.errors);
		this.tokenization = new Tokenization(config);
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
		if (path.startsWith("/v1") && method != HttpMethod.OPTIONS && !authorized(request)) {
			return chat ? withBody(request, (body) -> {
				this.received.add(request.requestHeaders(), body);
				return Responses.json(response, 401, UNAUTHORIZED);
			}) : Responses.json(response, 401, UNAUTHORIZED);
		}
		return switch (path) {
			case "/v1/chat/completions" -> chat ? withBody(request, (body) -> {
				this.received.add(request.requestHeaders(), body);
				return this.chatCompletions.handle(request, response, body, this.fault.get());
			}) : methodNotAllowed(response);
			case "/v1/models" -> (method == HttpMethod.GET) ? Responses.json(response, 200, models())
					: methodNotAllowed(response);
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
			case "/sim/fault" -> (method == HttpMethod.POST)
					? withBody(request, (body) -> this.admin.setFault(response, body)) : methodNotAllowed(response);
			case "/sim/stats" -> (method == HttpMethod.GET) ? this.admin.stats(response) : methodNotAllowed(response);
			default -> Responses.json(response, 404, NOT_FOUND);
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

	private String models() {
		long now = Instant.now().getEpochSecond();
		String permissionId = "modelperm-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("object", "list");
			json.writeArrayPropertyStart("data");
			json.writeStartObject();
			json.writeStringProperty("id", this.config.modelName());
			json.writeStringProperty("object", "model");
			json.writeNumberProperty("created", now);
			json.writeStringProperty("owned_by", "vllm");
			json.writeStringProperty("root", this.config.modelName());
			json.writeNullProperty("parent");
			json.writeNumberProperty("max_model_len", this.config.maxModelLen());
			json.writeArrayPropertyStart("permission");
			json.writeStartObject();
			json.writeStringProperty("id", permissionId);
			json.writeStringProperty("object", "model_permission");
			json.writeNumberProperty("created", now);
			json.writeBooleanProperty("allow_create_engine", false);
			json.writeBooleanProperty("allow_sampling", true);
			json.writeBooleanProperty("allow_logprobs", true);
			json.writeBooleanProperty("allow_search_indices", false);
			json.writeBooleanProperty("allow_view", true);
			json.writeBooleanProperty("allow_fine_tuning", false);
			json.writeStringProperty("organization", "*");
			json.writeNullProperty("group");
			json.writeBooleanProperty("is_blocking", false);
			json.writeEndObject();
			json.writeEndArray();
			json.writeEndObject();
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	private boolean authorized(HttpServerRequest request) {
		return this.expectedAuthorization == null
				|| this.expectedAuthorization.equals(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
	}

	private static Publisher<Void> withBody(HttpServerRequest request, Function<String, Publisher<Void>> handler) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) ->
				Mono.from(handler.apply(body)));
	}

	private static Publisher<Void> methodNotAllowed(HttpServerResponse response) {
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
