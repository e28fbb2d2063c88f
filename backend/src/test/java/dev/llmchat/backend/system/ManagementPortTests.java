package dev.llmchat.backend.system;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.testsupport.ManagementPort;
import dev.llmchat.testsupport.ManagementPort.Scrape;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and metrics for operators: on the management port, on loopback, and never on the public port. */
class ManagementPortTests extends BackendTest {

	@LocalManagementPort
	int managementPort;

	@Test
	void healthLivenessAndReadinessAreUpOnTheManagementPort() {
		assertThat(new ManagementPort(this.managementPort).health()).isEqualTo(ManagementPort.ALL_UP);
	}

	@Test
	void theScrapeHoldsHttpJvmAndConnectionPoolMetrics() {
		this.api.get("/health", null);
		Scrape scrape = new ManagementPort(this.managementPort).scrape();
		assertThat(scrape.has("http_server_requests_seconds_count", "uri", "/health")).isTrue();
		assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
		if (DATABASE == DatabaseKind.SQLITE) {
			assertThat(scrape.has("hikaricp_connections_max", "pool", "llmchat-db-write")).isTrue();
			assertThat(scrape.has("hikaricp_connections_max", "pool", "llmchat-db-read")).isTrue();
		}
		else {
			assertThat(scrape.has("hikaricp_connections_max", "pool", "llmchat-db")).isTrue();
		}
	}

	@Test
	void springSecurityAddsNoObservationOfItsOwnToEachRequest() {
		this.api.get("/auth/me", this.api.newUser());
		assertThat(new ManagementPort(this.managementPort).scrape().text()).contains("http_server_requests")
			.doesNotContain("spring_security_");
	}

	@Test
	void thePublicPortServesNoActuatorEvenToASignedInUser() {
		String token = this.api.newUser();
		for (String path : new String[] { "/actuator", "/actuator/prometheus", "/actuator/health",
				"/actuator/health/liveness" }) {
			assertThat(this.api.get(path, token).status()).as(path).isEqualTo(404);
		}
		assertThat(this.api.get("/health", null).status()).isEqualTo(200);
	}

	@Test
	void theManagementPortListensOnLoopbackOnlyByDefault() {
		ManagementPort management = new ManagementPort(this.managementPort);
		assertThat(management.acceptsConnectionsOn("127.0.0.1")).isTrue();
		assertThat(management.acceptsConnectionsOn("127.0.0.2")).isFalse();
	}

}
