package dev.llmchat.common;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DebugSettingTests {

	private static StandardEnvironment withVariable(String value) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("DEBUG", value)));
		return environment;
	}

	@ParameterizedTest
	@CsvSource({ "False, false", "false, false", "FALSE, false", "no, false", "off, false", "0, false", "'', false",
			"True, true", "true, true", "yes, true", "On, true", "1, true" })
	void theSystemDescriptionsSpellingsOfDebugMeanWhatTheySay(String variable, String debug) {
		StandardEnvironment environment = withVariable(variable);

		new DebugSetting().postProcessEnvironment(environment, new SpringApplication());

		// Boot's logging takes any value but "false" as on
		assertThat(environment.getProperty("debug")).isEqualTo(debug);
	}

	@Test
	void aValueThatIsNeitherOnNorOffStopsTheStartWithASentence() {
		StandardEnvironment environment = withVariable("maybe");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DebugSetting().postProcessEnvironment(environment, new SpringApplication()))
			.withMessage("DEBUG must be True or False (or yes/no, on/off, 1/0), not 'maybe'.");
	}

	@Test
	void withoutDebugNothingIsAdded() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);

		new DebugSetting().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().contains(DebugSetting.SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty("debug")).isNull();
	}

	@Test
	void bootsOwnDebugFlagOnTheCommandLineKeepsItsMeaning() {
		StandardEnvironment environment = withVariable("False");
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--debug"));

		new DebugSetting().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("debug")).isEmpty();
	}

}
