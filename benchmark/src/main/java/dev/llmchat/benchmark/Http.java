package dev.llmchat.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one non-blocking HTTP client of the load driver: a few event-loop threads carry every connection, and the pool
 * holds enough connections for thousands of concurrent streams (reused with keep-alive, as a browser would).
 */
final class Http {

	static final Duration TIMEOUT = Duration.ofSeconds(120);

	private final HttpClient client;

	Http() {
		ConnectionProvider pool = ConnectionProvider.builder("benchmark")
			.maxConnections(4096)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(TIMEOUT)
			.maxIdleTime(Duration.ofSeconds(15))
			.build();
		this.client = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
			.responseTimeout(TIMEOUT);
	}

	/** A request whose whole answer is read into a {@link Reply}. */
	Mono<Reply> exchange(HttpMethod method, String url, Consumer<HttpHeaders> headers, String body) {
		return this.client.headers(headers)
			.request(method)
			.uri(url)
			.send((request, outbound) -> (body == null) ? outbound
					: outbound.send(ByteBufMono.fromString(Mono.just(body), StandardCharsets.UTF_8, outbound.alloc())))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new Reply(response.status().code(), response.responseHeaders(), text)))
			.timeout(TIMEOUT);
	}

	/**
	 * POSTs {@code body} and feeds the answer's bytes, as they arrive, to a {@link SseParser} and the reader; the
	 * clock starts just before the request is sent. Every failure becomes a failed {@link StreamResult}.
	 */
	Mono<StreamResult> stream(String url, Consumer<HttpHeaders> headers, String body, AnswerReader reader) {
		return stream(url, headers, body, reader, (responseHeaders) -> {
		});
	}

	/** As {@link #stream(String, Consumer, String, AnswerReader)}, handing the response's headers to {@code answered}. */
	Mono<StreamResult> stream(String url, Consumer<HttpHeaders> headers, String body, AnswerReader reader,
			Consumer<HttpHeaders> answered) {
		return Mono.defer(() -> {
			StreamClock clock = new StreamClock(System.nanoTime(), reader);
			SseParser parser = new SseParser(clock::read);
			return this.client.headers(headers)
				.post()
				.uri(url)
				.send(ByteBufMono.fromString(Mono.just(body)))
				.response((response, content) -> {
					answered.accept(response.responseHeaders());
					int status = response.status().code();
					if (status != 200) {
						return content.aggregate().asString().defaultIfEmpty("")
							.map(text -> StreamResult.failed("HTTP " + status + ": " + text));
					}
					return content.asByteArray().doOnNext(parser::feed).then(Mono.fromSupplier(clock::result));
				})
				.single()
				.timeout(TIMEOUT)
				.onErrorResume(ex -> Mono.just(StreamResult.failed(ex.toString())));
		});
	}

}
