package dev.llmchat.backend.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyTests {

	@TempDir
	Path folder;

	@Test
	void withoutSecretKeyARandomKeyIsGeneratedOnceBesideTheDatabaseAndReused() throws Exception {
		SecretKey first = SigningKey.resolve("", this::generated, false);
		Path file = this.folder.resolve("secret.key");
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		SecretKey second = SigningKey.resolve(null, this::generated, false);
		assertThat(second.getEncoded()).isEqualTo(first.getEncoded()).hasSizeGreaterThanOrEqualTo(32);
	}

	private SecretKey generated() {
		return SigningKey.fromFile(this.folder);
	}

	@Test
	void aConfiguredKeyOfAtLeast32BytesIsUsedAsIs() {
		String secret = "a-configured-secret-of-more-than-thirty-two-bytes";
		assertThat(SigningKey.resolve(secret, this::generated, false).getEncoded()).isEqualTo(secret.getBytes());
		assertThat(this.folder.resolve("secret.key")).doesNotExist();
	}

	@Test
	void withDebugOffThePlaceholderAndShortKeysRefuseToStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.resolve(SigningKey.DESCRIPTION_PLACEHOLDER, this::generated, false))
			.withMessageContaining("placeholder")
			.withMessageContaining("openssl rand");
		assertThatIllegalStateException().isThrownBy(() -> SigningKey.resolve("too-short", this::generated, false))
			.withMessageContaining("at least 32");
	}

	@Test
	void withDebugOnThePlaceholderAndShortKeysAreAllowedWithAWarning() {
		assertThat(SigningKey.resolve(SigningKey.DESCRIPTION_PLACEHOLDER, this::generated, true).getEncoded()).hasSize(45);
		assertThat(SigningKey.resolve("short", this::generated, true).getEncoded()).hasSize(32);
	}

}
