package dev.llmchat.frontend;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.llmchat.frontend.auth.BackendUser;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

/**
 * The whole frontend on a random port, talking over real HTTP to one {@link StubBackend} shared by every
 * test class (so they share one Spring context too).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
public abstract class FrontendTestSupport {

	protected static final String TOKEN = "header.payload.signature";

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
		return authentication(UsernamePasswordAuthenticationToken.authenticated(
				new BackendUser("ana@example.org", TOKEN), null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
	}

}
