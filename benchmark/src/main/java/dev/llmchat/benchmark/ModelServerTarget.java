package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model server's {@code /v1/chat/completions}, asked with the same body the backend sends for a new chat (its
 * system prompt and the prompt), straight or through a reverse proxy.
 */
final class ModelServerTarget implements StreamTarget {

	private final String name;

	private final List<String> applications;

	private final String url;

	private final Http http;

	private final JsonMapper json;

	private final String body;

	ModelServerTarget(String name, List<String> applications, String baseUrl, String model, String systemPrompt,
			Http http, JsonMapper json) {
		this.name = name;
		this.applications = applications;
		this.url = baseUrl + "/v1/chat/completions";
		this.http = http;
		this.json = json;
		this.body = json.writeValueAsString(Map.of("model", model, "stream", true, "stream_options",
				Map.of("include_usage", true), "messages", List.of(Map.of("role", "system", "content", systemPrompt),
						Map.of("role", "user", "content", PROMPT))));
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public List<String> applications() {
		return this.applications;
	}

	@Override
	public void prepare(int count) {
		// every stream sends the same request
	}

	@Override
	public Mono<StreamResult> stream(int index) {
		return this.http.stream(this.url, headers -> headers.set("Content-Type", "application/json")
			.set("Accept", "text/event-stream"), this.body, new OpenAiAnswer(this.json));
	}

	@Override
	public boolean stores() {
		return false;
	}

}
