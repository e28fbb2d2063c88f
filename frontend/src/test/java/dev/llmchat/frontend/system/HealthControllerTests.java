package dev.llmchat.frontend.system;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class HealthControllerTests extends FrontendTestSupport {

	@Test
	void healthyWhileTheBackendAnswers() throws Exception {
		this.mvc.perform(get("/health"))
			.andExpect(status().isOk())
			.andExpect(content().json("{\"status\":\"healthy\"}", true));
	}

	@Test
	void aDegradedBackendStillAnswersSoTheFrontendIsHealthy() throws Exception {
		backend.json("GET /health", 200, "{\"status\":\"degraded\",\"database\":\"up\",\"llm\":{\"status\":\"down\"}}");
		this.mvc.perform(get("/health")).andExpect(status().isOk());
	}

	@Test
	void unhealthyWhenTheBackendFails() throws Exception {
		backend.problem("GET /health", 500, "Broken.");
		this.mvc.perform(get("/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().json("{\"status\":\"unhealthy\"}", true));
	}

}
