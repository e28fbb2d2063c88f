package dev.llmchat.backend.llm;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of the model server: streamed chat completions, the model list, token counting and the calls at its
 * root that tell its context window. Nothing is blocking; one stream holds one pooled connection and no thread.
 */
@Component
public class LlmClient implements DisposableBean {

	private final WebClient http;

	private final LlmProperties properties;

	private final JsonMapper json;

	private final SilenceWatch silence = new SilenceWatch();

	LlmClient(WebClient.Builder builder, LlmProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
		ConnectionProvider pool = ConnectionProvider.builder("llm")
			.maxConnections(properties.maxConnections())
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(properties.firstTokenTimeout())
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		HttpClient client = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
		WebClient.Builder configured = builder.clone().clientConnector(new ReactorClientHttpConnector(client));
		if (properties.hasApiKey()) {
			configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.apiKey().strip());
		}
		this.http = configured.build();
	}

	public String baseUrl() {
		return this.properties.baseUrl();
	}

	/**
	 * Streams an answer. The flux fails with an {@link LlmException}: before anything arrives for an unreachable or
	 * refusing server or the first-token timeout, later for an error frame, a silent stream, a malformed chunk or a
	 * stream that ends without {@code [DONE]}, which arrives as {@link LlmChunk.End} before the response has ended.
	 * Cancelling it closes the connection, which makes vLLM abort the request; a response left to end keeps its
	 * connection for the next request.
	 */
	public Flux<LlmChunk> stream(LlmRequest request) {
		AtomicBoolean started = new AtomicBoolean();
		Flux<LlmChunk> chunks = this.http.post()
			.uri(this.properties.baseUrl() + "/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body(request, true))
			.exchangeToFlux(response -> response.statusCode().is2xxSuccessful() ? chunks(response)
					: this.<LlmChunk>rejection(response).flux())
			.doOnNext(chunk -> started.set(true));
		return this.silence.watch(chunks, this.properties.firstTokenTimeout(), this.properties.idleTimeout())
			.onErrorMap(ex -> translate(ex, started.get()));
	}

	/**
	 * A whole answer at once ({@code stream: false}), for short answers no one watches being written. Fails with an
	 * {@link LlmException} as {@link #stream} does before anything arrives, or when no answer came within
	 * {@code timeout}.
	 */
	public Mono<String> complete(LlmRequest request, Duration timeout) {
		return this.http.post()
			.uri(this.properties.baseUrl() + "/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body(request, false))
			.exchangeToMono(response -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(JsonNode.class)
					: rejection(response))
			.map(answer -> answer.path("choices").path(0).path("message").path("content").asString(""))
			.timeout(timeout)
			.onErrorMap(ex -> translate(ex, false));
	}

	/** The server's {@code /v1/models} answer as it is. */
	public Mono<JsonNode> models(Duration timeout) {
		return this.http.get()
			.uri(this.properties.baseUrl() + "/models")
			.exchangeToMono(response -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(JsonNode.class)
					: rejection(response))
			.timeout(timeout)
			.onErrorMap(ex -> translate(ex, false));
	}

	/**
	 * The JSON a server answers at a path of its root, outside {@code /v1} ({@code /props} of llama.cpp,
	 * {@code /api/...} of Ollama): empty when it answers with an error status or anything but a JSON object, an error
	 * when it does not answer in time or cannot be reached.
	 */
	Mono<JsonNode> rootJson(HttpMethod method, String path, Object body, Duration timeout) {
		WebClient.RequestBodySpec request = this.http.method(method).uri(this.properties.rootUrl() + path);
		WebClient.RequestHeadersSpec<?> withBody = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return withBody.exchangeToMono(response -> response.statusCode().is2xxSuccessful()
				? response.bodyToMono(String.class).flatMap(text -> Mono.justOrEmpty(parseObject(text)))
				: response.releaseBody().then(Mono.<JsonNode>empty()))
			.timeout(timeout);
	}

	/**
	 * The prompt's token count by the server's own tokenizer and chat template ({@code POST /tokenize}, vLLM only);
	 * empty when the server has no such endpoint or does not answer in time.
	 */
	public Mono<Optional<Integer>> countTokens(String model, List<LlmMessage> messages, Duration timeout) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", model);
		body.put("messages", messages);
		body.put("add_generation_prompt", true);
		return this.http.post()
			.uri(this.properties.rootUrl() + "/tokenize")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono(response -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(JsonNode.class)
					: response.releaseBody().then(Mono.<JsonNode>empty()))
			.map(answer -> answer.path("count").isInt() ? Optional.of(answer.path("count").asInt())
					: Optional.<Integer>empty())
			.timeout(timeout)
			.onErrorReturn(Optional.empty())
			.defaultIfEmpty(Optional.empty());
	}

	private Map<String, Object> body(LlmRequest request, boolean stream) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", request.model());
		body.put("messages", request.messages());
		body.put("stream", stream);
		if (stream) {
			body.put("stream_options", Map.of("include_usage", true));
		}
		if (request.maxTokens() != null) {
			body.put("max_tokens", request.maxTokens());
		}
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			body.put("top_p", request.topP());
		}
		return body;
	}

	private Flux<LlmChunk> chunks(ClientResponse response) {
		return Flux.defer(() -> {
			ChunkReader reader = new ChunkReader(new ChunkParser(this.json));
			return response.bodyToFlux(DataBuffer.class).concatMapIterable(buffer -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return reader.feed(bytes);
			}).concatWith(Flux.defer(() -> Flux.fromIterable(reader.finish())));
		});
	}

	private <T> Mono<T> rejection(ClientResponse response) {
		int status = response.statusCode().value();
		return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(text -> {
			JsonNode body = parseOrEmpty(text);
			String message = text.isBlank() ? "no details given" : ErrorBodies.message(body);
			if (status == 400 && ErrorBodies.isContextLength(body)) {
				return Mono.error(new LlmException("The conversation does not fit the model's context: " + message,
						ContextOverflow.read(body)));
			}
			String hint = (status == 401 || status == 403) ? " Check OPENAI_API_KEY against the server's --api-key." : "";
			return Mono.error(new LlmException(LlmException.Kind.REJECTED,
					"The model server answered " + status + ": " + message + "." + hint));
		});
	}

	/** The text as a JSON object, or null when it is not one. */
	private JsonNode parseObject(String text) {
		try {
			JsonNode node = this.json.readTree(text);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private JsonNode parseOrEmpty(String text) {
		try {
			return this.json.readTree(text.isBlank() ? "{}" : text);
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode();
		}
	}

	@Override
	public void destroy() {
		this.silence.close();
	}

	private Throwable translate(Throwable ex, boolean started) {
		if (ex instanceof LlmException) {
			return ex;
		}
		if (ex instanceof TimeoutException) {
			return started
					? new LlmException(LlmException.Kind.IDLE_TIMEOUT,
							"The model server stopped sending for " + this.properties.idleTimeout().toSeconds()
									+ " s in the middle of the answer; the text so far is kept.")
					: new LlmException(LlmException.Kind.FIRST_TOKEN_TIMEOUT,
							"The model server did not start answering within "
									+ this.properties.firstTokenTimeout().toSeconds()
									+ " s; it may be overloaded or still loading the model.");
		}
		if (ex instanceof WebClientRequestException || isConnectionFailure(ex)) {
			if (started) {
				return new LlmException(LlmException.Kind.TRUNCATED,
						"The connection to the model server broke in the middle of the answer; the text so far is kept.");
			}
			return new LlmException(LlmException.Kind.UNREACHABLE, "The model server at " + this.properties.baseUrl()
					+ " cannot be reached; check that it is running and that LLM_SERVER_BASE_URL points to it.");
		}
		if (started) {
			return new LlmException(LlmException.Kind.TRUNCATED,
					"The connection to the model server broke in the middle of the answer; the text so far is kept.");
		}
		return new LlmException(LlmException.Kind.UNREACHABLE, "The model server at " + this.properties.baseUrl()
				+ " could not be used: " + ex.getClass().getSimpleName() + ".");
	}

	private static boolean isConnectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof UnknownHostException) {
				return true;
			}
		}
		return false;
	}

}
