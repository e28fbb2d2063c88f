package dev.llmchat.backend.generation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.testsupport.ManagementPort;
import dev.llmchat.testsupport.ManagementPort.Scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's Prometheus reads about answers on the management port, after real answers over HTTP. Other test
 * classes share this backend, so every count is compared with the scrape before.
 */
class GenerationMetricsTests extends BackendTest {

	private static final String MODEL = "Qwen/Qwen2.5-0.5B-Instruct";

	@LocalManagementPort
	int managementPort;

	private ManagementPort management;

	private String token;

	@BeforeEach
	void signIn() {
		this.management = new ManagementPort(this.managementPort);
		this.token = this.api.newUser();
	}

	@Test
	void aStreamedAnswerCountsAsCompleteWithItsTokensTimeToFirstTokenAndDuration() {
		Scrape before = this.management.scrape();
		List<Event> events = this.api.generateStreaming(this.token, this.api.newChat(this.token, Map.of()), "count me");
		assertThat(events.getLast().type()).isEqualTo("done");

		Scrape after = this.management.scrape();
		assertThat(increase(before, after, "llmchat_generations_total", "model", MODEL, "outcome", "complete"))
			.isEqualTo(1);
		assertThat(increase(before, after, "llmchat_generation_tokens_total", "model", MODEL)).isEqualTo(24);
		assertThat(increase(before, after, "llmchat_generation_ttft_seconds_count", "model", MODEL, "outcome",
				"complete"))
			.isEqualTo(1);
		assertThat(increase(before, after, "llmchat_generation_duration_seconds_count", "model", MODEL, "outcome",
				"complete"))
			.isEqualTo(1);
		assertThat(after.has("llmchat_generation_ttft_seconds_bucket", "model", MODEL, "outcome", "complete", "le",
				"0.05")).isTrue();
		assertThat(after.has("llmchat_generation_ttft_seconds_bucket", "model", MODEL, "outcome", "complete", "le",
				"+Inf")).isTrue();
		assertThat(after.sum("llmchat_generations_active")).isZero();
	}

	@Test
	void aRunningAnswerIsActiveAndCountsAsInterruptedWhenStopped() {
		long chat = this.api.newChat(this.token, Map.of());
		Scrape before = this.management.scrape();
		try (EventStream running = this.api.openStream("POST", "/generate", this.token,
				Map.of("chat_id", chat, "prompt", "long one [[sim:tokens=4000]]", "stream", true), null)) {
			running.readUntil("token");
			assertThat(this.management.scrape().sum("llmchat_generations_active")).isEqualTo(1);
			assertThat(this.api.post("/chats/" + chat + "/generation/stop", this.token, null).status()).isEqualTo(204);
			assertThat(running.readAll().getLast().type()).isEqualTo("done");
		}
		Scrape after = this.management.scrape();
		assertThat(after.sum("llmchat_generations_active")).isZero();
		assertThat(increase(before, after, "llmchat_generations_total", "model", MODEL, "outcome", "interrupted"))
			.isEqualTo(1);
		assertThat(increase(before, after, "llmchat_generation_ttft_seconds_count", "model", MODEL, "outcome",
				"interrupted"))
			.isEqualTo(1);
	}

	@Test
	void aSecondAnswerRefusedWith409CountsAsRejected() {
		long chat = this.api.newChat(this.token, Map.of());
		Scrape before = this.management.scrape();
		try (EventStream running = this.api.openStream("POST", "/generate", this.token,
				Map.of("chat_id", chat, "prompt", "long one [[sim:tokens=4000]]", "stream", true), null)) {
			running.readUntil("token");
			assertThat(this.api.post("/generate", this.token, Map.of("chat_id", chat, "prompt", "again")).status())
				.isEqualTo(409);
			this.api.post("/chats/" + chat + "/generation/stop", this.token, null);
		}
		Scrape after = this.management.scrape();
		assertThat(increase(before, after, "llmchat_generations_total", "model", MODEL, "outcome", "rejected"))
			.isEqualTo(1);
	}

	@Test
	void anAnswerTheModelServerFailsCountsAsErrorWithoutATimeToFirstToken() {
		Scrape before = this.management.scrape();
		assertThat(this.api.post("/generate", this.token, Map.of("chat_id", this.api.newChat(this.token, Map.of()),
				"prompt", "fail [[sim:fault=server-error]]")).status())
			.isEqualTo(502);

		Scrape after = this.management.scrape();
		assertThat(increase(before, after, "llmchat_generations_total", "model", MODEL, "outcome", "error"))
			.isEqualTo(1);
		assertThat(increase(before, after, "llmchat_generation_duration_seconds_count", "model", MODEL, "outcome",
				"error"))
			.isEqualTo(1);
		assertThat(increase(before, after, "llmchat_generation_ttft_seconds_count", "outcome", "error")).isZero();
	}

	@Test
	void aModelTheServerDoesNotServeIsCountedAsOtherNotUnderItsName() {
		String model = "made-up-model-" + System.nanoTime();
		Scrape before = this.management.scrape();
		assertThat(this.api.post("/generate", this.token,
				Map.of("chat_id", this.api.newChat(this.token, Map.of()), "prompt", "hi", "model", model)).status())
			.isGreaterThanOrEqualTo(400);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(increase(before,
				this.management.scrape(), "llmchat_generations_total", "model", GenerationMetrics.OTHER_MODEL))
			.isEqualTo(1));
		assertThat(this.management.scrape().text()).doesNotContain(model);
	}

	private static double increase(Scrape before, Scrape after, String name, String... labels) {
		return after.sum(name, labels) - before.sum(name, labels);
	}

}
