package dev.llmchat.backend.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No password, password hash or access token reaches the log: through registering, logging in (right and wrong),
 * generating, 401s with bad and revoked tokens and logging out everywhere; at the configured levels and with the
 * loggers that {@code DEBUG=true} turns on (Spring Boot's debug mode: the "web" and "sql" groups).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTests extends BackendTest {

	/** What Spring Boot's debug mode ({@code DEBUG=true}, {@code debug=true}) sets to DEBUG, plus our own code. */
	private static final List<String> DEBUG_MODE_LOGGERS = List.of("org.springframework.web", "org.springframework.http",
			"org.springframework.core.codec", "org.springframework.jdbc.core", "org.hibernate.SQL",
			"org.springframework.boot", "org.springframework.security", "dev.llmchat");

	@Autowired
	LoggingSystem logging;

	@AfterEach
	void restoreLevels() {
		DEBUG_MODE_LOGGERS.forEach(logger -> this.logging.setLogLevel(logger, null));
	}

	@Test
	void atTheConfiguredLevelsNoSecretIsLogged(CapturedOutput output) {
		assertNoSecretIn(output, exerciseAuthAndGeneration());
	}

	@Test
	void withDebugLoggingOnNoSecretIsLogged(CapturedOutput output) {
		DEBUG_MODE_LOGGERS.forEach(logger -> this.logging.setLogLevel(logger, LogLevel.DEBUG));
		List<String> secrets = exerciseAuthAndGeneration();
		assertThat(output).as("debug logging is really on").contains("DEBUG");
		assertNoSecretIn(output, secrets);
	}

	/** Runs the flows that handle secrets and returns the secrets they handled. */
	private List<String> exerciseAuthAndGeneration() {
		String email = "logs-" + UUID.randomUUID() + "@example.com";
		// random from the first character: Spring's debug lines cut bodies at 100 characters, so prefixes count
		String password = UUID.randomUUID().toString();
		String wrongPassword = UUID.randomUUID().toString();
		assertThat(this.api.post("/auth/register", null, Map.of("email", email, "password", password, "full_name", "Log Test"))
			.status()).isEqualTo(200);
		assertThat(this.api.post("/auth/login", null, Map.of("email", email, "password", wrongPassword)).status())
			.isEqualTo(401);
		assertThat(this.api.post("/auth/login", null, Map.of("email", "nobody-" + email, "password", password)).status())
			.isEqualTo(401);
		String token = this.api.login(email, password);
		assertThat(this.api.get("/auth/me", token).status()).isEqualTo(200);
		long chat = this.api.newChat(token, Map.of("title", "logs"));
		assertThat(this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "hello")).status()).isEqualTo(200);
		this.api.generateStreaming(token, chat, "hello again");
		String[] parts = token.split("\\.");
		String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
		assertThat(this.api.get("/auth/me", tampered).status()).isEqualTo(401);
		assertThat(this.api.post("/auth/logout-all", token, null).status()).isEqualTo(204);
		Response revoked = this.api.get("/chats", token);
		assertThat(revoked.status()).isEqualTo(401);
		String hash = this.jdbc.queryForObject("select password_hash from users where email = ?", String.class, email);

		List<String> secrets = new ArrayList<>(List.of(password, wrongPassword, token, parts[2], tampered, hash));
		secrets.add(password.substring(0, 12));
		secrets.add(wrongPassword.substring(0, 12));
		// every token this backend issues starts with this header: a line holding it holds a token, cut or not
		secrets.add(parts[0] + ".");
		// a hash is also recognisable by its salt and checksum alone
		secrets.add(hash.substring(hash.length() - 31));
		return secrets;
	}

	private static void assertNoSecretIn(CapturedOutput output, List<String> secrets) {
		String log = output.getAll();
		for (String secret : secrets) {
			assertThat(log).as("the log must not contain %s", secret).doesNotContain(secret);
		}
	}

}
