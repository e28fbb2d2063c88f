package dev.llmchat.frontend.system;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.frontend.backend.BackendClient;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.backend.BackendUnavailableException;

/**
 * {@code /health}: healthy while the backend answers its own health check.
 */
@RestController
class HealthController {

	private final BackendClient backend;

	HealthController(BackendClient backend) {
		this.backend = backend;
	}

	@GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> health() {
		try {
			this.backend.health();
			return answer(HttpStatus.OK, "healthy");
		}
		catch (BackendUnavailableException | BackendProblemException ex) {
			return answer(HttpStatus.SERVICE_UNAVAILABLE, "unhealthy");
		}
	}

	private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String text) {
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(Map.of("status", text));
	}

}
