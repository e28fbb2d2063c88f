package dev.llmchat.backend.reliability;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.llmchat.backend.BackendApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole application, started as {@code main} would with the system description's variables: with DEBUG off,
 * the description's placeholder SECRET_KEY or a key under 32 bytes stops the start with a sentence that says what
 * to do, and the port is never opened.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretKeyStartupTests {

	@TempDir
	Path folder;

	@Test
	void theDescriptionsPlaceholderKeyRefusesToStartWithDebugOff(CapturedOutput output) {
		assertThatThrownBy(() -> start("sua-chave-secreta-aqui-mude-antes-de-produzir"))
			.hasStackTraceContaining("SECRET_KEY is still the example placeholder")
			.hasStackTraceContaining("openssl rand -base64 48");
		assertThat(output).contains("SECRET_KEY is still the example placeholder").doesNotContain("Tomcat started");
	}

	@Test
	void aKeyShorterThan32BytesRefusesToStartWithDebugOff(CapturedOutput output) {
		assertThatThrownBy(() -> start("only-31-bytes-long-secret-key!!"))
			.hasStackTraceContaining("SECRET_KEY is 31 bytes long; HS256 needs at least 32");
		assertThat(output).contains("SECRET_KEY is 31 bytes long").doesNotContain("Tomcat started");
	}

	private void start(String secretKey) {
		// command-line arguments outrank anything the build's environment may set
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BackendApplication.class).run(
				"--SECRET_KEY=" + secretKey, "--DEBUG=false", "--server.port=0", "--server.address=127.0.0.1",
				"--DATABASE_URL=sqlite:///" + this.folder.resolve("app.db"),
				"--LLM_SERVER_BASE_URL=http://127.0.0.1:9/v1");
		context.close();
	}

}
