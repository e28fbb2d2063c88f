package dev.llmchat.frontend.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.SecurityContextRepository;

import dev.llmchat.frontend.FrontendTestSupport;
import dev.llmchat.frontend.auth.BackendUser;
import dev.llmchat.testsupport.ManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and metrics for operators: on the management port, on loopback, and never on the public port. */
class ManagementPortTests extends FrontendTestSupport {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	SecurityContextRepository sessions;

	@Test
	void healthLivenessAndReadinessAreUpOnTheManagementPort() {
		assertThat(new ManagementPort(this.managementPort).health()).isEqualTo(ManagementPort.ALL_UP);
	}

	@Test
	void theScrapeHoldsHttpAndJvmMetrics() throws Exception {
		publicGet("/health", null);
		ManagementPort.Scrape scrape = new ManagementPort(this.managementPort).scrape();
		assertThat(scrape.has("http_server_requests_seconds_count", "uri", "/health")).isTrue();
		assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
		assertThat(scrape.text()).as("Spring Security's own observations of each request").doesNotContain("spring_security_");
	}

	@Test
	void thePublicPortServesNoActuatorEvenToASignedInPerson() throws Exception {
		MockHttpServletResponse signIn = new MockHttpServletResponse();
		this.sessions.saveContext(new SecurityContextImpl(new BackendUser("ana@example.org", TOKEN).authentication()),
				new MockHttpServletRequest(), signIn);
		String session = SESSION_COOKIE + "=" + signIn.getCookie(SESSION_COOKIE).getValue();
		for (String path : new String[] { "/actuator", "/actuator/prometheus", "/actuator/health",
				"/actuator/health/liveness" }) {
			// a stranger is sent to the login page; a signed-in person finds nothing there
			assertThat(publicGet(path, null).statusCode()).as(path).isEqualTo(302);
			assertThat(publicGet(path, session).statusCode()).as(path).isEqualTo(404);
		}
		assertThat(publicGet("/health", null).statusCode()).isEqualTo(200);
	}

	@Test
	void theManagementPortListensOnLoopbackOnlyByDefault() {
		ManagementPort management = new ManagementPort(this.managementPort);
		assertThat(management.acceptsConnectionsOn("127.0.0.1")).isTrue();
		assertThat(management.acceptsConnectionsOn("127.0.0.2")).isFalse();
	}

	private HttpResponse<String> publicGet(String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

}
