package dev.llmchat.frontend.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class SessionPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Bound.class);

	@Test
	void aSecretShorterThan32CharactersStopsTheStartAndSaysWhy() {
		this.contexts.withPropertyValues("frontend.session.secret=only-31-characters-long-secret!")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("frontend.session.secret")
				.hasMessageContaining("at least 32 characters"));
		this.contexts.withPropertyValues("frontend.session.previous-secret=short")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("frontend.session.previous-secret"));
	}

	@Test
	void emptySecretsAreNoSecretsAndTheTimeoutIsEightHours() {
		this.contexts.withPropertyValues("frontend.session.secret=", "frontend.session.previous-secret= ")
			.run((context) -> assertThat(context).getBean(SessionProperties.class)
				.isEqualTo(new SessionProperties(null, null, Duration.ofHours(8))));
	}

	@Test
	void aTimeoutUnderASecondIsRefused() {
		this.contexts.withPropertyValues("frontend.session.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("frontend.session.timeout"));
	}

	@EnableConfigurationProperties(SessionProperties.class)
	static class Bound {

	}

}
