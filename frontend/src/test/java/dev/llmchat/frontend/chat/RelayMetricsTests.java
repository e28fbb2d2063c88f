package dev.llmchat.frontend.chat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import dev.llmchat.frontend.FrontendTestSupport;
import dev.llmchat.testsupport.ManagementPort;
import dev.llmchat.testsupport.ManagementPort.Scrape;

import static dev.llmchat.frontend.BrowserCsrf.csrf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What an operator's Prometheus reads on the management port about the answer streams the frontend relays: how many
 * are open, and the ones the backend failed. Other test classes share this frontend, so errors are compared with
 * the scrape before.
 */
class RelayMetricsTests extends FrontendTestSupport {

	private static final String ACTIVE = "llmchat_relay_streams_active";

	private static final String ERRORS = "llmchat_relay_errors_total";

	private static final String START = "id: 1\ndata: {\"type\":\"start\",\"message_id\":11,\"model\":\"tiny\"}\n\n";

	private static final String DONE = "id: 2\ndata: {\"type\":\"done\",\"message_id\":11,\"finish_reason\":\"stop\"}\n\n";

	@LocalManagementPort
	int managementPort;

	private ManagementPort management;

	@BeforeEach
	void noStreamOpen() {
		this.management = new ManagementPort(this.managementPort);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.management.scrape().sum(ACTIVE) == 0);
	}

	@Test
	void aRelayedStreamIsActiveUntilTheBackendEndsIt() throws Exception {
		backend.stream("POST /generate", Duration.ofMillis(500), START, DONE);
		Scrape before = this.management.scrape();
		CompletableFuture<ResultActions> streaming = CompletableFuture.supplyAsync(this::stream);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.management.scrape().sum(ACTIVE) == 1);

		streaming.get(5, TimeUnit.SECONDS).andExpect(status().isOk());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.management.scrape().sum(ACTIVE) == 0);
		assertThat(this.management.scrape().sum(ERRORS)).isEqualTo(before.sum(ERRORS));
	}

	@Test
	void aStreamTheBackendBreaksOffCountsAsAnErrorOfTheStream() throws Exception {
		backend.brokenStream("POST /generate", START);
		Scrape before = this.management.scrape();
		stream().andExpect(status().isOk());

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.management.scrape().sum(ERRORS, "stage", "stream"))
				.isEqualTo(before.sum(ERRORS, "stage", "stream") + 1));
		assertThat(this.management.scrape().sum(ERRORS, "stage", "open")).isEqualTo(before.sum(ERRORS, "stage", "open"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.management.scrape().sum(ACTIVE) == 0);
	}

	@Test
	void aBackendThatHangsUpBeforeAnsweringCountsAsAnErrorOfOpeningTheStream() throws Exception {
		backend.hangUp("POST /generate");
		Scrape before = this.management.scrape();
		stream().andExpect(status().isServiceUnavailable());

		Scrape after = this.management.scrape();
		assertThat(after.sum(ERRORS, "stage", "open")).isEqualTo(before.sum(ERRORS, "stage", "open") + 1);
		assertThat(after.sum(ERRORS, "stage", "stream")).isEqualTo(before.sum(ERRORS, "stage", "stream"));
		assertThat(after.sum(ACTIVE)).isZero();
	}

	@Test
	void aRefusalOfTheBackendIsNoRelayError() throws Exception {
		backend.problem("POST /generate", 409, "An answer is already being written in this chat.");
		Scrape before = this.management.scrape();
		stream().andExpect(status().isConflict());

		assertThat(this.management.scrape().sum(ERRORS)).isEqualTo(before.sum(ERRORS));
	}

	/** Relays a stream to its end. */
	private ResultActions stream() {
		try {
			return this.mvc.perform(post("/api/stream").with(signedIn())
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"chat_id\":7,\"prompt\":\"hi\"}"));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
