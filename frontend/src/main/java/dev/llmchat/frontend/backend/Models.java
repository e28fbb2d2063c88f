package dev.llmchat.frontend.backend;

import java.util.List;

/**
 * The OpenAI-style model list the backend relays from the model server.
 */
public record Models(List<Model> data) {

	public Models {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

	public List<String> ids() {
		return this.data.stream().map(Model::id).toList();
	}

	public record Model(String id) {
	}

}
