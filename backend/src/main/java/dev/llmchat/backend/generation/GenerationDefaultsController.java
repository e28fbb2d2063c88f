package dev.llmchat.backend.generation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.backend.llm.LlmProperties;
import dev.llmchat.backend.llm.ModelCatalog;

@RestController
@Tag(name = "Generation", description = "Answers from the model, owned by the server: a client may leave and come back")
class GenerationDefaultsController {

	private final LlmProperties llm;

	private final GenerationProperties generation;

	private final ModelCatalog catalog;

	GenerationDefaultsController(LlmProperties llm, GenerationProperties generation, ModelCatalog catalog) {
		this.llm = llm;
		this.generation = generation;
		this.catalog = catalog;
	}

	@GetMapping("/generation/defaults")
	@Operation(summary = "What an answer uses when neither the request nor the chat sets it",
			description = "null: the model server's own default (the backend sends nothing). context_window is the "
					+ "default model's, in tokens, as the model server reports it.")
	GenerationDefaults defaults() {
		String model = this.llm.defaultModel();
		return new GenerationDefaults(model, this.generation.defaultSystemPrompt(), null, null, null,
				this.catalog.window(model).tokens());
	}

	/**
	 * @param model the model asked when neither the request nor the chat names one
	 * @param systemPrompt sent when the chat has none
	 * @param temperature null: the model server's
	 * @param topP null: the model server's
	 * @param maxTokens null: the model server's, up to the end of the context window
	 * @param contextWindow the default model's context window, prompt and answer together, in tokens
	 */
	record GenerationDefaults(String model, String systemPrompt, Double temperature, Double topP, Integer maxTokens,
			int contextWindow) {
	}

}
