package dev.llmchat.simulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes complete (not streamed) responses.
 */
final class Responses {

	static final String JSON = "application/json";

	private Responses() {
	}

	static Publisher<Void> json(HttpServerResponse response, int status, String json) {
		return body(response, status, JSON, Json.utf8(json));
	}

	static Publisher<Void> error(HttpServerResponse response, ErrorBodies errors, ApiError error) {
		return json(response, error.status(), errors.response(error));
	}

	static Publisher<Void> body(HttpServerResponse response, int status, String contentType, byte[] body) {
		return response.status(HttpResponseStatus.valueOf(status))
			.header(HttpHeaderNames.CONTENT_TYPE, contentType)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body));
	}

	static Publisher<Void> empty(HttpServerResponse response, int status) {
		return response.status(HttpResponseStatus.valueOf(status))
			.header(HttpHeaderNames.CONTENT_LENGTH, "0")
			.send();
	}

}
