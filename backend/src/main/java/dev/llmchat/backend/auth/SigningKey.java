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
import java.util.function.Supplier;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the key tokens are signed with: {@code SECRET_KEY} when set, else a random key generated once and kept, so
 * that tokens survive a restart: in {@code secret.key} beside a SQLite database, or in the {@code settings} table of
 * a PostgreSQL database, where every replica reads the same key (a token one signed is accepted by the others).
 */
final class SigningKey {

	/** The placeholder of the system description's compose file. */
	static final String DESCRIPTION_PLACEHOLDER = "sua-chave-secreta-aqui-mude-antes-de-produzir";

	static final int MIN_BYTES = 32;

	/** The row of the {@code settings} table that holds a generated key. */
	static final String SETTING = "signing_key";

	private static final Logger logger = LoggerFactory.getLogger(SigningKey.class);

	private SigningKey() {
	}

	/**
	 * @param configured the {@code SECRET_KEY} value, possibly empty
	 * @param generated the generated key, asked for only when {@code configured} is empty
	 * @param debug with debug off, a placeholder or short key stops the start-up
	 */
	static SecretKey resolve(String configured, Supplier<SecretKey> generated, boolean debug) {
		if (configured != null && !configured.isBlank()) {
			return fromConfigured(configured, debug);
		}
		return generated.get();
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

	/** The key in {@code secret.key} in the folder, generated when the file does not exist yet. */
	static SecretKey fromFile(Path folder) {
		Path file = folder.resolve("secret.key");
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				Files.writeString(file, randomKey(), StandardOpenOption.CREATE_NEW);
				restrictToOwner(file);
				logger.warn("SECRET_KEY is not set: generated a signing key and stored it in {}. "
						+ "Set SECRET_KEY to manage the key yourself.", file);
			}
			return decode(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the signing key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The key in the database's {@code settings} table. Replicas that start together each offer a key; the first
	 * insert wins, the others' do nothing, and all of them read the one that won.
	 */
	static SecretKey fromDatabase(JdbcTemplate jdbc) {
		int inserted = jdbc.update("insert into settings (name, value) values (?, ?) on conflict (name) do nothing",
				SETTING, randomKey());
		if (inserted == 1) {
			logger.warn("SECRET_KEY is not set: generated a signing key and stored it in the database (table settings), "
					+ "where every replica finds it. Set SECRET_KEY to manage the key yourself.");
		}
		return decode(jdbc.queryForObject("select value from settings where name = ?", String.class, SETTING));
	}

	private static String randomKey() {
		byte[] random = new byte[48];
		new SecureRandom().nextBytes(random);
		return Base64.getEncoder().encodeToString(random);
	}

	private static SecretKey decode(String stored) {
		return new SecretKeySpec(Base64.getDecoder().decode(stored.strip()), "HmacSHA256");
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
