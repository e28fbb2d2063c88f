package dev.llmchat.frontend.chat;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendProblemException;

/**
 * The models a chat can use, or nothing while the model server is down.
 */
@Component
class ModelCatalog {

	private final BackendClient backend;

	ModelCatalog(BackendClient backend) {
		this.backend = backend;
	}

	Optional<List<String>> ids(String token) {
		try {
			return Optional.of(this.backend.models(token).ids());
		}
		catch (BackendProblemException ex) {
			return Optional.empty();
		}
	}

}
