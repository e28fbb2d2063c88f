package dev.llmchat.simulator;

import io.netty.handler.codec.http.HttpMethod;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What llama-server answers beside the OpenAI routes: {@code GET /props} with the slot's context size,
 * {@code /health}, and its {@code /tokenize} of one text.
 */
final class LlamaCppEndpoints {

	private static final String HEALTHY = "{\"status\":\"ok\"}";

	private final SimulatorConfig config;

	private final ContextLimit limit;

	private final Tokenization tokenization;

	private final SimulatorStats stats;

	private final ErrorBodies errors;

	LlamaCppEndpoints(SimulatorConfig config, ContextLimit limit, Tokenization tokenization, SimulatorStats stats,
			ErrorBodies errors) {
		this.config = config;
		this.limit = limit;
		this.tokenization = tokenization;
		this.stats = stats;
		this.errors = errors;
	}

	/**
	 * Whether llama-server wants the API key on this path: everywhere except its health and model lists.
	 */
	static boolean needsKey(String path) {
		return switch (path) {
			case "/", "/health", "/v1/health", "/models", "/v1/models", "/api/tags" -> false;
			default -> !path.startsWith("/sim/");
		};
	}

	Publisher<Void> handle(String path, HttpMethod method, HttpServerRequest request, HttpServerResponse response) {
		return switch (path) {
			case "/health", "/v1/health" -> Responses.json(response, 200, HEALTHY);
			case "/props" -> (method == HttpMethod.GET) ? Responses.json(response, 200, props())
					: SimulatorHandler.methodNotAllowed(response);
			case "/tokenize" -> (method == HttpMethod.POST) ? SimulatorHandler.withBody(request, (body) -> {
				this.stats.tokenizeReceived();
				try {
					return Responses.json(response, 200, this.tokenization.tokenizeContent(body));
				}
				catch (ApiError error) {
					return Responses.error(response, this.errors, error);
				}
			}) : SimulatorHandler.methodNotAllowed(response);
			default -> Responses.error(response, this.errors, ApiError.notFound("File Not Found"));
		};
	}

	/**
	 * {@code default_generation_settings} is the first slot: its {@code n_ctx} is the context each request gets.
	 */
	private String props() {
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeObjectPropertyStart("default_generation_settings");
			json.writeNumberProperty("id", 0);
			json.writeNumberProperty("n_ctx", this.limit.window());
			json.writeBooleanProperty("speculative", false);
			json.writeBooleanProperty("is_processing", false);
			json.writeObjectPropertyStart("params");
			json.writeNumberProperty("n_predict", -1);
			json.writeNumberProperty("temperature", 0.8);
			json.writeNumberProperty("top_p", 0.95);
			json.writeEndObject();
			json.writeEndObject();
			json.writeNumberProperty("total_slots", 1);
			json.writeStringProperty("model_path", "/models/" + this.config.modelName() + ".gguf");
			json.writeObjectPropertyStart("modalities");
			json.writeBooleanProperty("vision", false);
			json.writeBooleanProperty("audio", false);
			json.writeEndObject();
			json.writeStringProperty("eos_token", Vocabulary.IM_END);
			json.writeStringProperty("build_info", "b6500-sim");
			json.writeEndObject();
		});
	}

}
