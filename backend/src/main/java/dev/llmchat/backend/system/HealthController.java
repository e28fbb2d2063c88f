package dev.llmchat.backend.system;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.llmchat.backend.llm.LlmClient;
import dev.llmchat.backend.llm.ModelCatalog;

@RestController
@Tag(name = "Health")
class HealthController {

	private final JdbcTemplate jdbc;

	private final ModelCatalog catalog;

	private final LlmClient llm;

	HealthController(JdbcTemplate jdbc, ModelCatalog catalog, LlmClient llm) {
		this.jdbc = jdbc;
		this.catalog = catalog;
		this.llm = llm;
	}

	@GetMapping("/health")
	@Operation(summary = "Whether the API, its database and the model server are up",
			description = "Never runs a generation; the model server's state is probed with a short timeout and "
					+ "reused for a few seconds. \"degraded\" when the model server is down.")
	HealthView health() {
		boolean database = databaseUp();
		ModelCatalog.Snapshot llm = this.catalog.snapshot();
		Map<String, Object> llmView = new LinkedHashMap<>();
		llmView.put("status", llm.up() ? "up" : "down");
		llmView.put("base_url", this.llm.baseUrl());
		llmView.put("models", llm.models());
		llmView.put("latency_ms", llm.latencyMs());
		if (!llm.up()) {
			llmView.put("error", llm.error());
		}
		return new HealthView(database && llm.up() ? "healthy" : "degraded", database ? "up" : "down", llmView);
	}

	/** Asked on a reading connection, so that a health check never waits for the one writing connection. */
	private boolean databaseUp() {
		try {
			return Boolean.TRUE.equals(this.jdbc.execute((ConnectionCallback<Boolean>) connection -> {
				connection.setReadOnly(true);
				try (Statement statement = connection.createStatement();
						ResultSet row = statement.executeQuery("select 1")) {
					return row.next() && row.getInt(1) == 1;
				}
			}));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	record HealthView(String status, String database, Map<String, Object> llm) {
	}

}
