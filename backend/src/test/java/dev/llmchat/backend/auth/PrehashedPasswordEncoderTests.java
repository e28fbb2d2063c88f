package dev.llmchat.backend.auth;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrehashedPasswordEncoderTests {

	@Test
	void passwordsLongerThanBcryptsSeventyTwoBytesCountInFull() {
		try (PrehashedPasswordEncoder encoder = new PrehashedPasswordEncoder()) {
			String long1 = "é".repeat(100);
			String long2 = "é".repeat(99) + "e";
			String hash = encoder.encode(long1);
			assertThat(hash).startsWith("$2a$10$");
			assertThat(encoder.matches(long1, hash)).isTrue();
			assertThat(encoder.matches(long2, hash)).isFalse();
		}
	}

	@Test
	void hashingRunsOnItsOwnPlatformThreadsNotOnTheCallersVirtualThread() throws Exception {
		try (PrehashedPasswordEncoder encoder = new PrehashedPasswordEncoder();
				var callers = Executors.newVirtualThreadPerTaskExecutor()) {
			CompletableFuture<String> hashed = CompletableFuture.supplyAsync(() -> encoder.encode("a password"), callers);
			boolean seenOnPool = false;
			while (!hashed.isDone() && !seenOnPool) {
				seenOnPool = Thread.getAllStackTraces()
					.entrySet()
					.stream()
					.anyMatch(entry -> entry.getKey().getName().startsWith("password-hashing-")
							&& !entry.getKey().isVirtual() && Arrays.stream(entry.getValue())
								.anyMatch(frame -> frame.getClassName().endsWith(".BCrypt")));
			}
			assertThat(seenOnPool).as("BCrypt seen working on a password-hashing platform thread").isTrue();
			assertThat(encoder.matches("a password", hashed.get())).isTrue();
		}
	}

}
