package dev.llmchat.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /v1/chat/completions}: validates like vLLM, holds the prompt to the window as the personality does, then
 * answers in one JSON object or as a paced event stream, playing back the fault in effect.
 */
final class ChatCompletions {

	private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

	private static final int TOKENS_BEFORE_FAULT = 3;

	private final SimulatorConfig config;

	private final SimulatorStats stats;

	private final ErrorBodies errors;

	private final ContextLimit limit;

	private final AnswerComposer composer;

	private final String checkedModel;

	private final Duration tokenDelay;

	ChatCompletions(SimulatorConfig config, SimulatorStats stats, ErrorBodies errors, ContextLimit limit) {
		this.config = config;
		this.stats = stats;
		this.errors = errors;
		this.limit = limit;
		this.composer = new AnswerComposer(config.answerTokens(), limit.window());
		this.tokenDelay = config.interTokenDelay();
		// llama-server serves one model and ignores the name a request gives
		this.checkedModel = (config.personality() == Personality.LLAMACPP) ? null : config.modelName();
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, String body, Fault currentFault) {
		ChatRequest chat;
		Fault fault;
		Answer answer;
		try {
			chat = ChatRequest.read(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE), body,
					this.checkedModel);
			fault = (chat.directives().fault() != null) ? chat.directives().fault() : currentFault;
			if (fault == Fault.SERVER_ERROR) {
				throw ApiError.internal("Simulated internal server error (fault server-error)");
			}
			ContextLimit.Admitted admitted = this.limit.admit(chat.messages(), chat.maxTokens(),
					fault == Fault.CONTEXT_LENGTH);
			if (chat.maxTokens() != null && chat.maxTokens() < 1) {
				throw ApiError.badRequest("max_tokens must be at least 1, got " + chat.maxTokens() + ".");
			}
			answer = this.composer.compose(admitted.messages(), chat.directives(), admitted.promptTokens(),
					chat.maxTokens());
		}
		catch (ApiError error) {
			return Responses.error(response, this.errors, error);
		}
		if (fault == Fault.REFUSE_CONNECTIONS) {
			return drop(response);
		}
		String id = "chatcmpl-" + requestId(request);
		long created = Instant.now().getEpochSecond();
		return chat.stream() ? stream(response, new ChunkFrames(id, created, this.config.modelName()), answer, fault,
				chat.includeUsage()) : complete(response, id, created, answer, fault);
	}

	private Publisher<Void> stream(HttpServerResponse response, ChunkFrames frames, Answer answer, Fault fault,
			boolean includeUsage) {
		ByteBufAllocator alloc = response.alloc();
		Generation generation = new Generation(this.stats, true, answer);
		Flux<ByteBuf> events = Flux.fromIterable(steps(frames, answer, fault, includeUsage, generation))
			.concatMap((step) -> step.emit(alloc));
		if (fault == Fault.STALL_BEFORE_FIRST_TOKEN || fault == Fault.STALL_MID_STREAM
				|| fault == Fault.STALL_AFTER_DONE) {
			events = events.concatWith(Flux.never());
		}
		events = events.doOnSubscribe((subscription) -> generation.started()).doFinally(generation::finished);
		Mono<Void> sent = Mono.from(response.status(HttpResponseStatus.OK)
			.header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM)
			.sendHeaders()).then(Mono.from(response.send(events)));
		return (fault == Fault.DROP_MID_STREAM) ? sent.then(Mono.defer(() -> drop(response))) : sent;
	}

	private List<StreamStep> steps(ChunkFrames frames, Answer answer, Fault fault, boolean includeUsage,
			Generation generation) {
		List<StreamStep> steps = new ArrayList<>();
		if (fault == Fault.STALL_BEFORE_FIRST_TOKEN) {
			return steps;
		}
		List<Token> tokens = answer.tokens();
		boolean lastTokenInFinalChunk = answer.cutByLength() && !tokens.isEmpty();
		int contentChunks = lastTokenInFinalChunk ? tokens.size() - 1 : tokens.size();
		String lastPiece = lastTokenInFinalChunk ? tokens.getLast().text() : "";
		StreamStep end = new StreamStep(delayAfter(contentChunks), (alloc) -> {
			generation.completed();
			return frames.end(alloc, lastPiece, answer, includeUsage);
		});
		steps.add(new StreamStep(this.config.timeToFirstToken(), frames::role));
		int faultAt = (fault == Fault.NONE || fault == Fault.STALL_AFTER_DONE) ? contentChunks
				: Math.min(TOKENS_BEFORE_FAULT, contentChunks);
		for (int i = 0; i < faultAt; i++) {
			steps.add(contentStep(frames, tokens, i));
		}
		switch (fault) {
			case STALL_MID_STREAM, DROP_MID_STREAM -> {
				// the caller stalls or drops the connection after these tokens
			}
			case ERROR_FRAME_MID_STREAM -> steps.add(new StreamStep(delayAfter(faultAt),
					(alloc) -> frames.error(alloc, this.errors.streamFrame(ApiError
						.badRequest("Simulated error during generation (fault error-frame-mid-stream)")))));
			case MALFORMED_CHUNK -> {
				steps.add(new StreamStep(delayAfter(faultAt), frames::malformed));
				for (int i = faultAt; i < contentChunks; i++) {
					steps.add(contentStep(frames, tokens, i));
				}
				steps.add(end);
			}
			default -> steps.add(end);
		}
		return steps;
	}

	private StreamStep contentStep(ChunkFrames frames, List<Token> tokens, int index) {
		Token token = tokens.get(index);
		return new StreamStep(delayAfter(index), (alloc) -> frames.content(alloc, token));
	}

	/**
	 * The wait before the step that follows {@code chunks} content chunks: none right after the role chunk, one token
	 * delay otherwise.
	 */
	private Duration delayAfter(int chunks) {
		return (chunks == 0) ? Duration.ZERO : this.tokenDelay;
	}

	private Publisher<Void> complete(HttpServerResponse response, String id, long created, Answer answer,
			Fault fault) {
		Generation generation = new Generation(this.stats, false, answer);
		Mono<Void> reply = switch (fault) {
			case STALL_BEFORE_FIRST_TOKEN, STALL_MID_STREAM -> Mono.never();
			case DROP_MID_STREAM -> Mono.defer(() -> drop(response));
			case ERROR_FRAME_MID_STREAM -> Mono.defer(() -> Mono.from(Responses.error(response, this.errors,
					ApiError.badRequest("Simulated error during generation (fault error-frame-mid-stream)"))));
			case MALFORMED_CHUNK -> Mono.defer(() -> Mono.from(Responses.json(response, 200, "{\"id\": broken")));
			default -> Mono.defer(() -> {
				generation.completed();
				return Mono.from(Responses.json(response, 200, completion(id, created, answer)));
			});
		};
		Duration generationTime = this.config.timeToFirstToken()
			.plus(this.tokenDelay.multipliedBy(answer.cutByLength() ? answer.completionTokens() - 1L
					: answer.completionTokens()));
		Mono<Void> delayed = (generationTime.isZero() || fault == Fault.STALL_BEFORE_FIRST_TOKEN) ? reply
				: Mono.delay(generationTime).then(reply);
		return delayed.doOnSubscribe((subscription) -> generation.started()).doFinally(generation::finished);
	}

	private String completion(String id, long created, Answer answer) {
		return Json.write((json) -> {
			json.writeStartObject();
			json.writeStringProperty("id", id);
			json.writeStringProperty("object", "chat.completion");
			json.writeNumberProperty("created", created);
			json.writeStringProperty("model", this.config.modelName());
			json.writeArrayPropertyStart("choices");
			json.writeStartObject();
			json.writeNumberProperty("index", 0);
			json.writeObjectPropertyStart("message");
			json.writeStringProperty("role", "assistant");
			json.writeStringProperty("content", answer.text());
			json.writeNullProperty("refusal");
			json.writeNullProperty("annotations");
			json.writeNullProperty("audio");
			json.writeNullProperty("function_call");
			json.writeArrayPropertyStart("tool_calls");
			json.writeEndArray();
			json.writeNullProperty("reasoning_content");
			json.writeEndObject();
			json.writeNullProperty("logprobs");
			json.writeStringProperty("finish_reason", answer.finishReason());
			json.writeNullProperty("stop_reason");
			json.writeEndObject();
			json.writeEndArray();
			json.writeNullProperty("service_tier");
			json.writeNullProperty("system_fingerprint");
			json.writeObjectPropertyStart("usage");
			json.writeNumberProperty("prompt_tokens", answer.promptTokens());
			json.writeNumberProperty("total_tokens", answer.promptTokens() + answer.completionTokens());
			json.writeNumberProperty("completion_tokens", answer.completionTokens());
			json.writeNullProperty("prompt_tokens_details");
			json.writeEndObject();
			json.writeNullProperty("prompt_logprobs");
			json.writeNullProperty("kv_transfer_params");
			json.writeEndObject();
		});
	}

	/**
	 * Closes the connection without finishing the response, as a crashed or unreachable server would.
	 */
	private static Mono<Void> drop(HttpServerResponse response) {
		response.withConnection((connection) -> connection.channel().close());
		return Mono.empty();
	}

	private static String requestId(HttpServerRequest request) {
		String header = request.requestHeaders().get("X-Request-Id");
		if (header != null && !header.isBlank()) {
			return header;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

}
