package dev.llmchat.backend.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt over the SHA-256 of the password. BCrypt reads at most 72 bytes, and Spring's encoder refuses longer input;
 * hashing first lets every allowed password (up to 128 characters, any script) count in full.
 * <p>
 * The hashing itself (~70 ms of CPU) runs on a few platform threads of its own. Requests run on virtual threads,
 * which the JVM does not preempt: a burst of logins hashed on them would hold every carrier thread and stall all
 * other requests, streams included. Platform threads share the cores with the carriers by the OS's scheduling.
 */
class PrehashedPasswordEncoder implements PasswordEncoder, AutoCloseable {

	private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

	private final ExecutorService hashing = Executors.newFixedThreadPool(
			Math.max(1, Runtime.getRuntime().availableProcessors()),
			Thread.ofPlatform().name("password-hashing-", 1).daemon(true).factory());

	@Override
	public String encode(CharSequence rawPassword) {
		return onHashingThread(() -> this.bcrypt.encode(prehash(rawPassword)));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		return onHashingThread(() -> this.bcrypt.matches(prehash(rawPassword), encodedPassword));
	}

	@Override
	public void close() {
		this.hashing.shutdownNow();
	}

	private <T> T onHashingThread(Supplier<T> work) {
		Future<T> result = this.hashing.submit(work::get);
		try {
			return result.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			result.cancel(true);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while hashing a password", ex);
		}
	}

	private static String prehash(CharSequence rawPassword) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
