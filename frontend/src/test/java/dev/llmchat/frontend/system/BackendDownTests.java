package dev.llmchat.frontend.system;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.llmchat.frontend.auth.BackendUser;

import static dev.llmchat.frontend.BrowserCsrf.csrf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Nothing listens where the backend should be: every page says so calmly, {@code /health} says unhealthy.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestPropertySource(properties = { "frontend.backend-url=http://127.0.0.1:1", "frontend.connect-timeout=500ms" })
class BackendDownTests {

	@Autowired
	MockMvc mvc;

	@Test
	void healthIsUnhealthyWith503() throws Exception {
		this.mvc.perform(get("/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().json("{\"status\":\"unhealthy\"}", true));
	}

	@Test
	void theLoginFormShowsTheBanner() throws Exception {
		this.mvc.perform(post("/login").with(csrf()).param("email", "ana@example.org").param("password", "secret-pass"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"backend-down\"")))
			.andExpect(content().string(containsString("The chat service is unavailable right now.")));
	}

	@Test
	void theDashboardShowsTheBannerInsteadOfAStackTrace() throws Exception {
		this.mvc.perform(get("/dashboard").with(signedIn()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("id=\"backend-down\"")))
			.andExpect(content().string(not(containsString("Exception"))))
			.andExpect(content().string(not(containsString("Whitelabel"))));
	}

	@Test
	void theChatApiAnswers503WithASentence() throws Exception {
		this.mvc
			.perform(post("/api/stream").with(signedIn()).with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"chat_id\":1,\"prompt\":\"hi\"}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("cannot be reached")));
	}

	private static RequestPostProcessor signedIn() {
		return authentication(new BackendUser("ana@example.org", "t").authentication());
	}

}
