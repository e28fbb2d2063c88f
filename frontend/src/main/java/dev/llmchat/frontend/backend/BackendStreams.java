package dev.llmchat.frontend.backend;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.llmchat.frontend.system.FrontendProperties;

/**
 * The backend's event streams (generation, edit, regenerate and attach), handed over as raw bytes for the pages to relay.
 *
 * <p>The answer {@code Mono} completes when the backend's status and headers are in; its body is the
 * backend's {@code text/event-stream} exactly as it arrives. An error status fails the {@code Mono} with the
 * same exceptions as {@link BackendClient}.
 */
@Component
public class BackendStreams {

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private static final int MAX_STREAMS = 4096;

	private final WebClient web;

	private final ProblemReader problems;

	BackendStreams(WebClient.Builder builder, FrontendProperties properties, ProblemReader problems) {
		// a pool of its own: the shared default holds 500 connections, and every open stream keeps one
		ConnectionProvider pool = ConnectionProvider.builder("backend-streams")
			.maxConnections(MAX_STREAMS)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.streamIdleTimeout());
		this.web = builder.clone()
			.baseUrl(properties.backendUrl().toString())
			.clientConnector(new ReactorClientHttpConnector(http))
			.build();
		this.problems = problems;
	}

	/** Starts a generation with {@code stream: true}. */
	public Mono<ResponseEntity<Flux<DataBuffer>>> generate(String token, GenerateRequest request) {
		return post(token, request, "/generate");
	}

	/** Stores a new version of a user message and streams the answer to it, as {@link #generate} does. */
	public Mono<ResponseEntity<Flux<DataBuffer>>> edit(String token, long chatId, long messageId,
			AnswerRequest request) {
		return post(token, request, "/chats/{id}/messages/{messageId}/edit", chatId, messageId);
	}

	/** Writes a new version of an assistant message and streams it, as {@link #generate} does. */
	public Mono<ResponseEntity<Flux<DataBuffer>>> regenerate(String token, long chatId, long messageId,
			AnswerRequest request) {
		return post(token, request, "/chats/{id}/messages/{messageId}/regenerate", chatId, messageId);
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> post(String token, Object request, String path,
			Object... pathVariables) {
		return this.web.post()
			.uri(path, pathVariables)
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.retrieve()
			.toEntityFlux(DataBuffer.class)
			.onErrorMap(this::translate);
	}

	/**
	 * Attaches to the chat's running generation: the events after {@code lastEventId} (all without it), then
	 * live ones; a 204 answer when nothing runs.
	 */
	public Mono<ResponseEntity<Flux<DataBuffer>>> attach(String token, long chatId, String lastEventId) {
		return this.web.get()
			.uri("/chats/{id}/generation", chatId)
			.headers((headers) -> {
				headers.setBearerAuth(token);
				if (lastEventId != null) {
					headers.set(LAST_EVENT_ID, lastEventId);
				}
			})
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
			.retrieve()
			.toEntityFlux(DataBuffer.class)
			.onErrorMap(this::translate);
	}

	private Throwable translate(Throwable error) {
		if (error instanceof WebClientResponseException response) {
			MediaType type = (response.getHeaders() != null) ? response.getHeaders().getContentType() : null;
			return this.problems.translate(response.getStatusCode(), type, response.getResponseBodyAsByteArray(),
					true);
		}
		if (error instanceof WebClientRequestException) {
			return new BackendUnavailableException("The backend cannot be reached", error);
		}
		return error;
	}

}
