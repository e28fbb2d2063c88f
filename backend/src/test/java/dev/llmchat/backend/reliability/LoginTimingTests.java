package dev.llmchat.backend.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login for an e-mail that has no account takes as long as one with a wrong password, so response times do not
 * tell which e-mails are registered. Without the stand-in hash comparison an unknown e-mail answers in about a
 * millisecond against BCrypt's tens, far outside the generous bound used here against a busy machine's noise.
 */
class LoginTimingTests extends BackendTest {

	private static final int SAMPLES = 10;

	@Test
	void anUnknownEmailTakesAsLongAsAWrongPassword() {
		// two accounts, five tries each: the per-account throttle (5 failures) is never reached
		List<String> accounts = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String email = "timing-" + UUID.randomUUID() + "@example.com";
			assertThat(this.api.post("/auth/register", null, Map.of("email", email, "password", "the-right-password"))
				.status()).isEqualTo(200);
			accounts.add(email);
		}
		timeFailedLogin("warm-up-" + UUID.randomUUID() + "@example.com");

		List<Long> wrongPassword = new ArrayList<>();
		List<Long> unknownEmail = new ArrayList<>();
		for (int i = 0; i < SAMPLES; i++) {
			// interleaved, so a burst of load from elsewhere hits both kinds alike
			wrongPassword.add(timeFailedLogin(accounts.get(i % 2)));
			unknownEmail.add(timeFailedLogin("nobody-" + UUID.randomUUID() + "@example.com"));
		}
		double ratio = (double) median(unknownEmail) / median(wrongPassword);
		assertThat(ratio).as("median unknown e-mail %s µs / median wrong password %s µs", median(unknownEmail) / 1000,
				median(wrongPassword) / 1000)
			.isBetween(0.5, 2.0);
	}

	private long timeFailedLogin(String email) {
		long start = System.nanoTime();
		int status = this.api.post("/auth/login", null, Map.of("email", email, "password", "not-the-password")).status();
		long took = System.nanoTime() - start;
		assertThat(status).isEqualTo(401);
		return took;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
	}

}
