package dev.llmchat.backend.llm;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Models", description = "What the model server serves")
class ModelsController {

	private final ModelCatalog catalog;

	ModelsController(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/models")
	@Operation(summary = "The model server's model list (OpenAI format)", description = "503 when it is down.")
	JsonNode models() {
		ModelCatalog.Snapshot snapshot = this.catalog.snapshot();
		return snapshot.listIfUp()
			.orElseThrow(() -> new LlmException(LlmException.Kind.UNREACHABLE,
					snapshot.error() != null ? snapshot.error() : "The model server cannot be reached."));
	}

}
