package dev.llmchat.benchmark;

import java.util.List;

import reactor.core.publisher.Mono;

/** {@code POST /generate} with {@code stream: true} on the backend, each stream in a fresh chat. */
final class BackendTarget implements StreamTarget {

	private final BackendApi api;

	private final String token;

	private List<Long> chats = List.of();

	BackendTarget(BackendApi api, String token) {
		this.api = api;
		this.token = token;
	}

	@Override
	public String name() {
		return "backend";
	}

	@Override
	public List<String> applications() {
		return List.of("backend", "balancer", Report.POSTGRESQL, "simulator");
	}

	@Override
	public void prepare(int count) {
		this.chats = this.api.createChats(this.token, count);
	}

	@Override
	public Mono<StreamResult> stream(int index) {
		return this.api.generate(this.token, this.chats.get(index));
	}

	@Override
	public boolean stores() {
		return true;
	}

}
