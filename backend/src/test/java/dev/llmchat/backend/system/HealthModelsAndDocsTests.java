package dev.llmchat.backend.system;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.Fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HealthModelsAndDocsTests extends BackendTest {

	@Test
	void healthIsHealthyWithTheDatabaseAndTheModelServerUp() {
		Response health = this.api.get("/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("healthy");
		assertThat(health.json().path("database").asString()).isEqualTo("up");
		assertThat(health.json().path("llm").path("status").asString()).isEqualTo("up");
		assertThat(health.json().path("llm").path("base_url").asString()).isEqualTo(simulator.baseUrl());
		assertThat(health.json().path("llm").path("models").get(0).asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
		assertThat(health.json().path("llm").has("latency_ms")).isTrue();
	}

	@Test
	void healthIsDegradedAndStillFastWhenTheModelServerIsDownAndNeverGenerates() {
		long completedBefore = simulator.completedRequests();
		simulator.fault(Fault.REFUSE_CONNECTIONS);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.api.get("/health", null).json().path("status").asString().equals("degraded"));
		long start = System.nanoTime();
		Response health = this.api.get("/health", null);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("llm").path("status").asString()).isEqualTo("down");
		assertThat(health.json().path("database").asString()).isEqualTo("up");

		Response models = this.api.get("/models", null);
		assertThat(models.status()).isEqualTo(503);
		assertThat(models.json().path("detail").asString()).contains("cannot be reached");

		simulator.fault(Fault.NONE);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.api.get("/health", null).json().path("status").asString().equals("healthy"));
		assertThat(simulator.completedRequests()).isEqualTo(completedBefore);
	}

	@Test
	void healthDoesNotWaitForAWriteInProgress(@Autowired DatabaseWriter writer) throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread busy = Thread.ofVirtual().start(() -> writer.write(status -> {
			// holds the writing connection and SQLite's write lock until released
			this.jdbc.update("update users set full_name = full_name where id = -1");
			writing.countDown();
			try {
				return release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}));
		try {
			assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();
			Response health = this.api.get("/health", null);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(health.json().path("database").asString()).isEqualTo("up");
		}
		finally {
			release.countDown();
			busy.join();
		}
	}

	@Test
	void aStalledModelServerDoesNotMakeHealthSlow() {
		this.api.get("/health", null);
		simulator.fault(Fault.STALL_BEFORE_FIRST_TOKEN);
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			assertThat(this.api.get("/health", null).status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		}
	}

	@Test
	void modelsRelaysTheModelServersOpenAiList() {
		Response models = this.api.get("/models", null);
		assertThat(models.status()).isEqualTo(200);
		assertThat(models.json().path("object").asString()).isEqualTo("list");
		assertThat(models.json().path("data").get(0).path("id").asString()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
		assertThat(models.json().path("data").get(0).path("max_model_len").asInt()).isEqualTo(8192);
	}

	@Test
	void swaggerUiIsServedAtDocsWithTheOpenApiDescriptionBesideIt() {
		Response docs = this.api.get("/docs", null);
		assertThat(docs.status()).isIn(200, 302);
		Response ui = this.api.get("/swagger-ui/index.html", null);
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger");
		Response openApi = this.api.get("/v3/api-docs", null);
		assertThat(openApi.status()).isEqualTo(200);
		assertThat(openApi.json().path("paths").has("/generate")).isTrue();
		assertThat(openApi.json().path("paths").has("/chats/{id}/generation")).isTrue();
		assertThat(openApi.json().path("paths").has("/auth/login")).isTrue();
	}

	@Test
	void unknownRoutesAndMethodsAreProblemDetailsNotWhitelabelPages() {
		String token = this.api.newUser();
		Response unknown = this.api.get("/no/such/route", token);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
		assertThat(unknown.json().path("detail").asString()).isNotBlank();
		Response wrongMethod = this.api.delete("/chats", token);
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.json().path("detail").asString()).isNotBlank();
	}

	@Test
	void responsesCarrySecurityHeaders() {
		Response health = this.api.get("/health", null);
		assertThat(health.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(health.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(health.header("Content-Security-Policy")).contains("frame-ancestors 'none'").doesNotContain("script-src 'unsafe-inline'");
		assertThat(health.header("Referrer-Policy")).isEqualTo("no-referrer");
	}

}
