package dev.llmchat.frontend.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CookieSealTests {

	private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OTHER_SECRET = "another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);

	private static final Duration HOUR = Duration.ofHours(1);

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final CookieSeal seal = sealAt(Duration.ZERO, SECRET);

	@Test
	void aSealedValueOpensToItsPayloadAndTellsItsAge() {
		String text = this.seal.seal("C", bytes("ana@example.org"));

		CookieSeal.Opened opened = sealAt(Duration.ofSeconds(90), SECRET).open("C", text, HOUR).orElseThrow();
		assertThat(new String(opened.payload(), StandardCharsets.UTF_8)).isEqualTo("ana@example.org");
		assertThat(opened.age()).isEqualTo(Duration.ofSeconds(90));
		assertThat(text).doesNotContain("ana").matches("[A-Za-z0-9_-]+");
	}

	@Test
	void anEmptyPayloadRoundTrips() {
		assertThat(this.seal.open("C", this.seal.seal("C", new byte[0]), HOUR)).hasValueSatisfying(
				(opened) -> assertThat(opened.payload()).isEmpty());
	}

	@Test
	void everySealUsesAFreshIvSoTheSamePayloadNeverLooksTheSame() {
		assertThat(this.seal.seal("C", bytes("same"))).isNotEqualTo(this.seal.seal("C", bytes("same")));
	}

	@Test
	void changingAnyBitOfTheSealedValueMakesItOpenToNothing() {
		byte[] sealed = Base64.getUrlDecoder().decode(this.seal.seal("C", bytes("ana@example.org")));
		for (int i = 0; i < sealed.length; i++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] tampered = sealed.clone();
				tampered[i] ^= (byte) (1 << bit);
				assertThat(this.seal.open("C", Base64.getUrlEncoder().withoutPadding().encodeToString(tampered), HOUR))
					.as("bit %d of byte %d flipped", bit, i)
					.isEmpty();
			}
		}
	}

	@Test
	void aValueSealedWithAnotherKeyDoesNotOpen() {
		String foreign = sealAt(Duration.ZERO, OTHER_SECRET).seal("C", bytes("ana"));
		assertThat(this.seal.open("C", foreign, HOUR)).isEmpty();
	}

	@Test
	void aPreviousSecretStillOpensOldValuesButNewOnesAreSealedWithTheCurrentOne() {
		String old = this.seal.seal("C", bytes("ana"));
		CookieSeal rotated = new CookieSeal(List.of(OTHER_SECRET, SECRET), Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(rotated.open("C", old, HOUR)).isPresent();
		String fresh = rotated.seal("C", bytes("ana"));
		assertThat(this.seal.open("C", fresh, HOUR)).as("not sealed with the previous secret").isEmpty();
		assertThat(sealAt(Duration.ZERO, OTHER_SECRET).open("C", fresh, HOUR)).isPresent();
	}

	@Test
	void aValueSealedForOneCookieDoesNotOpenAsAnother() {
		assertThat(this.seal.open("FLASH", this.seal.seal("SESSION", bytes("ana")), HOUR)).isEmpty();
	}

	@Test
	void aValueOlderThanItsMaximumAgeDoesNotOpen() {
		String text = this.seal.seal("C", bytes("ana"));
		assertThat(sealAt(HOUR, SECRET).open("C", text, HOUR)).isPresent();
		assertThat(sealAt(HOUR.plusSeconds(1), SECRET).open("C", text, HOUR)).isEmpty();
	}

	@Test
	void anOversizedValueIsNeitherOpenedNorSealed() {
		String text = this.seal.seal("C", bytes("ana"));
		assertThat(this.seal.open("C", text + "A".repeat(CookieSeal.MAX_LENGTH), HOUR)).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> this.seal.seal("C", new byte[CookieSeal.MAX_LENGTH]))
			.withMessageContaining("too long");
	}

	@Test
	void garbageOpensToNothing() {
		for (String garbage : new String[] { null, "", "x", "%%%", "not base64!", "AAAA", "A".repeat(64),
				"AQ" + "A".repeat(60), "2" + this.seal.seal("C", bytes("ana")).substring(1) }) {
			assertThat(this.seal.open("C", garbage, HOUR)).as(garbage).isEmpty();
		}
	}

	@Property(tries = 500)
	void noStringOpensOrThrows(@ForAll String anything) {
		assertThat(this.seal.open("C", anything, HOUR)).isEmpty();
	}

	/** A seal whose clock shows {@code later} after {@link #NOW}. */
	private static CookieSeal sealAt(Duration later, byte[] secret) {
		return new CookieSeal(List.of(secret), Clock.fixed(NOW.plus(later), ZoneOffset.UTC));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
