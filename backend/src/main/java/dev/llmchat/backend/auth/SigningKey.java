package dev.llmchat.backend.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key tokens are signed with: {@code SECRET_KEY} when set, else a random key generated once and stored
 * in {@code secret.key} beside the database, so tokens survive a restart.
 */
final class SigningKey {

	/** The placeholder of the system description's compose file. */
	static final String DESCRIPTION_PLACEHOLDER = "sua-chave-secreta-aqui-mude-antes-de-produzir";

	static final int MIN_BYTES = 32;

	private static final Logger logger = LoggerFactory.getLogger(SigningKey.class);

	private SigningKey() {
	}

	/**
	 * @param configured the {@code SECRET_KEY} value, possibly empty
	 * @param folder where a generated key is kept
	 * @param debug with debug off, a placeholder or short key stops the start-up
	 */
	static SecretKey resolve(String configured, Path folder, boolean debug) {
		if (configured != null && !configured.isBlank()) {
			return fromConfigured(configured, debug);
		}
		return fromFile(folder.resolve("secret.key"));
	}

	private static SecretKey fromConfigured(String configured, boolean debug) {
		byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
		boolean placeholder = configured.equals(DESCRIPTION_PLACEHOLDER) || configured.startsWith("change-me")
				|| configured.startsWith("sua-chave");
		if (!debug && placeholder) {
			throw new IllegalStateException("SECRET_KEY is still the example placeholder. Set it to a random value "
					+ "of at least 32 bytes (for example: openssl rand -base64 48), or leave it unset to have one generated.");
		}
		if (bytes.length < MIN_BYTES) {
			if (!debug) {
				throw new IllegalStateException("SECRET_KEY is " + bytes.length + " bytes long; HS256 needs at least "
						+ MIN_BYTES + ". Use a longer random value (for example: openssl rand -base64 48).");
			}
			logger.warn("SECRET_KEY is shorter than {} bytes; with DEBUG on it is stretched with SHA-256. "
					+ "Do not run like this in production.", MIN_BYTES);
			bytes = sha256(bytes);
		}
		else if (placeholder) {
			logger.warn("SECRET_KEY is the example placeholder; anyone can forge tokens. Allowed only because DEBUG is on.");
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

	private static SecretKey fromFile(Path file) {
		try {
			if (!Files.exists(file)) {
				byte[] random = new byte[48];
				new SecureRandom().nextBytes(random);
				Files.createDirectories(file.getParent());
				Files.writeString(file, Base64.getEncoder().encodeToString(random), StandardOpenOption.CREATE_NEW);
				restrictToOwner(file);
				logger.warn("SECRET_KEY is not set: generated a signing key and stored it in {}. "
						+ "Set SECRET_KEY to manage the key yourself.", file);
			}
			byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
			return new SecretKeySpec(key, "HmacSHA256");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the signing key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
		}
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
