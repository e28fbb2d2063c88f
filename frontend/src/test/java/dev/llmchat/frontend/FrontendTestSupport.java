package dev.llmchat.frontend;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.llmchat.frontend.auth.BackendUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;

/**
 * The whole frontend on a random port, talking over real HTTP to one {@link StubBackend} shared by every
 * test class (so they share one Spring context too). Every request made through {@link #mvc} also proves that it
 * created no server-side session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import(FrontendTestSupport.NoServerSideSession.class)
public abstract class FrontendTestSupport {

	protected static final String TOKEN = "header.payload.signature";

	protected static final String SESSION_COOKIE = "LLMCHAT_SESSION";

	protected static final StubBackend backend = StubBackend.start();

	@Autowired
	protected MockMvc mvc;

	@DynamicPropertySource
	static void backendUrl(DynamicPropertyRegistry registry) {
		registry.add("frontend.backend-url", backend::baseUrl);
		registry.add("server.address", () -> "127.0.0.1");
	}

	@BeforeEach
	void resetBackend() {
		backend.reset();
	}

	/** A request made by a signed-in person whose session holds {@link #TOKEN}. */
	protected static RequestPostProcessor signedIn() {
		return authentication(new BackendUser("ana@example.org", TOKEN).authentication());
	}

	/** The answer tells the browser to forget its session cookie. */
	protected static ResultMatcher sessionCookieCleared() {
		return cookie().maxAge(SESSION_COOKIE, 0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NoServerSideSession {

		@Bean
		MockMvcBuilderCustomizer everyRequestWithoutAnHttpSession() {
			return (builder) -> builder.alwaysExpect((result) -> assertThat(result.getRequest().getSession(false))
				.as("the HttpSession of %s", result.getRequest().getRequestURI())
				.isNull());
		}

	}

}
