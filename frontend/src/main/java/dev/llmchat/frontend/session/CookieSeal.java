package dev.llmchat.frontend.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals bytes into cookie text that only a holder of the key can read or forge, and opens it again.
 *
 * <p>AES-256-GCM with a random 96-bit IV per cookie; the key is HMAC-SHA-256 of the secret. The text is the
 * URL-safe Base64 of a version byte, the IV and the ciphertext with its tag; the plaintext starts with the second
 * it was sealed, and the cookie's name is authenticated with it, so a value sealed for one cookie is refused as
 * another. Anything that does not open (tampered, another key, garbage, too long, too old) is simply empty.
 */
final class CookieSeal {

	/** The longest cookie text sealed or opened: browsers keep a cookie of up to about 4 KB. */
	static final int MAX_LENGTH = 4000;

	private static final byte VERSION = 1;

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int HEADER_BYTES = 1 + IV_BYTES;

	private static final int SEALED_AT_BYTES = Long.BYTES;

	private static final String CIPHER = "AES/GCM/NoPadding";

	private static final byte[] KEY_LABEL = "llmchat frontend cookie key 1".getBytes(StandardCharsets.US_ASCII);

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final List<SecretKey> keys;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param secrets the secret that seals, then any that are still accepted for opening
	 * @param clock tells the time a cookie is sealed and opened at
	 */
	CookieSeal(List<byte[]> secrets, Clock clock) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("A cookie seal needs a secret");
		}
		this.keys = secrets.stream().map(CookieSeal::deriveKey).toList();
		this.clock = clock;
	}

	/**
	 * @param name the cookie's name, authenticated with the value
	 * @throws IllegalArgumentException when the sealed text would be longer than {@link #MAX_LENGTH}
	 */
	String seal(String name, byte[] payload) {
		byte[] sealed = new byte[HEADER_BYTES + SEALED_AT_BYTES + payload.length + TAG_BITS / 8];
		sealed[0] = VERSION;
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		System.arraycopy(iv, 0, sealed, 1, IV_BYTES);
		byte[] plain = ByteBuffer.allocate(SEALED_AT_BYTES + payload.length)
			.putLong(this.clock.instant().getEpochSecond())
			.put(payload)
			.array();
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.keys.getFirst(), iv, name);
			cipher.doFinal(plain, 0, plain.length, sealed, HEADER_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JDK", ex);
		}
		String text = ENCODER.encodeToString(sealed);
		if (text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("A " + name + " cookie of " + text.length()
					+ " characters is too long for a browser to keep");
		}
		return text;
	}

	/**
	 * @param name the cookie's name, as it was sealed
	 * @param text the cookie's value as the browser sent it, may be {@code null}
	 * @param maxAge how long after sealing the value is still good
	 * @return the payload and how long ago it was sealed, or empty when the text does not open or is too old
	 */
	Optional<Opened> open(String name, String text, Duration maxAge) {
		if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		byte[] sealed;
		try {
			sealed = DECODER.decode(text);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (sealed.length < HEADER_BYTES + SEALED_AT_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
			return Optional.empty();
		}
		byte[] iv = new byte[IV_BYTES];
		System.arraycopy(sealed, 1, iv, 0, IV_BYTES);
		for (SecretKey key : this.keys) {
			try {
				Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv, name);
				byte[] plain = cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
				return fresh(plain, maxAge);
			}
			catch (AEADBadTagException ex) {
				// tampered, or sealed with another key: try the next one
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES-GCM is not available in this JDK", ex);
			}
		}
		return Optional.empty();
	}

	private Optional<Opened> fresh(byte[] plain, Duration maxAge) {
		ByteBuffer buffer = ByteBuffer.wrap(plain);
		Duration age = Duration.between(Instant.ofEpochSecond(buffer.getLong()), this.clock.instant());
		if (age.compareTo(maxAge) > 0) {
			return Optional.empty();
		}
		byte[] payload = new byte[buffer.remaining()];
		buffer.get(payload);
		return Optional.of(new Opened(payload, age));
	}

	private static Cipher cipher(int mode, SecretKey key, byte[] iv, String name) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance(CIPHER);
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(new byte[] { VERSION });
		cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
		return cipher;
	}

	private static SecretKey deriveKey(byte[] secret) {
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return new SecretKeySpec(hmac.doFinal(KEY_LABEL), "AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA-256 is not available in this JDK", ex);
		}
	}

	/**
	 * What a cookie held.
	 *
	 * @param payload the bytes that were sealed
	 * @param age how long ago they were sealed
	 */
	record Opened(byte[] payload, Duration age) {
	}

}
