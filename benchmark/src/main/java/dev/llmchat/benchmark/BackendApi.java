package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The backend's REST calls the benchmark makes, as in /work/shared/API.md. */
final class BackendApi {

	private final Http http;

	private final String url;

	private final JsonMapper json;

	BackendApi(Http http, String url, JsonMapper json) {
		this.http = http;
		this.url = url;
		this.json = json;
	}

	/** Registers the account unless it exists (409), and returns a token for it. */
	String signUp(String email, String password) {
		Reply reply = call(HttpMethod.POST, "/auth/register", null,
				Map.of("email", email, "password", password, "full_name", "Benchmark"))
			.block();
		if (reply.status() != 409) {
			reply.require("POST /auth/register");
		}
		Reply login = login(email, password).block().require("POST /auth/login");
		return this.json.readTree(login.body()).path("access_token").asString();
	}

	Mono<Reply> login(String email, String password) {
		return call(HttpMethod.POST, "/auth/login", null, Map.of("email", email, "password", password));
	}

	Mono<Reply> listChats(String token) {
		return call(HttpMethod.GET, "/chats", token, null);
	}

	Mono<Reply> createChat(String token) {
		return call(HttpMethod.POST, "/chats", token, Map.of("title", "Benchmark"));
	}

	Mono<Reply> openChat(String token, long chatId) {
		return call(HttpMethod.GET, "/chats/" + chatId, token, null);
	}

	/** Creates {@code count} chats, 50 requests at a time, and returns their ids in no particular order. */
	List<Long> createChats(String token, int count) {
		return Flux.range(0, count)
			.flatMap(i -> createChat(token), 50)
			.map(reply -> this.json.readTree(reply.require("POST /chats").body()).path("id").asLong())
			.collectList()
			.block();
	}

	Mono<StreamResult> generate(String token, long chatId) {
		String body = this.json.writeValueAsString(
				Map.of("chat_id", chatId, "prompt", StreamTarget.PROMPT, "stream", true));
		return this.http.stream(this.url + "/generate", headers -> headers.set("Authorization", "Bearer " + token)
			.set("Content-Type", "application/json")
			.set("Accept", "text/event-stream"), body, new ChatAnswer(this.json));
	}

	private Mono<Reply> call(HttpMethod method, String path, String token, Object body) {
		String text = (body != null) ? this.json.writeValueAsString(body) : null;
		return this.http.exchange(method, this.url + path, headers -> {
			headers.set("Accept", "application/json");
			if (text != null) {
				headers.set("Content-Type", "application/json");
			}
			if (token != null) {
				headers.set("Authorization", "Bearer " + token);
			}
		}, text);
	}

}
