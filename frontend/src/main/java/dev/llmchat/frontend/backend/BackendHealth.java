package dev.llmchat.frontend.backend;

/**
 * The backend's own health and what it knows of the model server.
 */
public record BackendHealth(String status, String database, Llm llm) {

	public boolean modelServerUp() {
		return this.llm != null && "up".equals(this.llm.status());
	}

	public record Llm(String status, String baseUrl, Long latencyMs) {
	}

}
