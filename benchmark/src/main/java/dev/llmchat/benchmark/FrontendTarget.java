package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser's path: {@code POST /api/stream} on the frontend with the session's cookies and the CSRF header, each
 * stream in a fresh chat of the signed-in user. A renewed session cookie is kept for the next streams, as a browser
 * keeps it (sending the old one made the frontend seal it again for every stream).
 */
final class FrontendTarget implements StreamTarget {

	private final Http http;

	private final String url;

	private final FrontendSession session;

	private final BackendApi api;

	private final String token;

	private final JsonMapper json;

	private List<Long> chats = List.of();

	FrontendTarget(Http http, String url, FrontendSession session, BackendApi api, String token, JsonMapper json) {
		this.http = http;
		this.url = url + "/api/stream";
		this.session = session;
		this.api = api;
		this.token = token;
		this.json = json;
	}

	@Override
	public String name() {
		return "frontend";
	}

	@Override
	public List<String> applications() {
		return List.of("frontend", "balancer", "backend", Report.POSTGRESQL, "simulator");
	}

	@Override
	public void prepare(int count) {
		this.chats = this.api.createChats(this.token, count);
	}

	@Override
	public Mono<StreamResult> stream(int index) {
		String body = this.json.writeValueAsString(Map.of("chat_id", this.chats.get(index), "prompt", PROMPT));
		CookieJar cookies = this.session.cookies();
		return this.http.stream(this.url, headers -> headers.set("Cookie", cookies.header())
			.set(this.session.csrfHeader(), this.session.csrfToken())
			.set("Content-Type", "application/json")
			.set("Accept", "text/event-stream, application/problem+json, application/json"), body,
				new ChatAnswer(this.json), (answered) -> cookies.keep(answered.getAll("Set-Cookie")));
	}

	@Override
	public boolean stores() {
		return true;
	}

}
