package dev.llmchat.backend.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing against one account is capped at the per-account maximum (5 in the tests) even when the
 * guesses arrive all at once: a burst cannot slip its guesses past the limit while their hashes are compared.
 */
class LoginGuessingTests extends BackendTest {

	@Test
	void aBurstOfConcurrentGuessesGetsNoMoreTriesThanTheLimit() throws Exception {
		String email = "target-" + UUID.randomUUID() + "@example.com";
		assertThat(this.api.post("/auth/register", null, Map.of("email", email, "password", "the-real-password"))
			.status()).isEqualTo(200);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService guessers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 30; i++) {
				String guess = "guess-" + i;
				answers.add(guessers.submit(() -> {
					go.await();
					return this.api.post("/auth/login", null, Map.of("email", email, "password", guess)).status();
				}));
			}
			go.countDown();
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> answer : answers) {
			statuses.add(answer.get());
		}
		assertThat(statuses).filteredOn(status -> status == 401).as("guesses whose password was checked").hasSize(5);
		assertThat(statuses).filteredOn(status -> status == 429).hasSize(25);

		Response rightPassword = this.api.post("/auth/login", null, Map.of("email", email, "password", "the-real-password"));
		assertThat(rightPassword.status()).isEqualTo(429);
		assertThat(rightPassword.header("Retry-After")).isNotBlank();
	}

}
