package dev.llmchat.common;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code DEBUG} as the system description writes it: {@code DEBUG=False} or {@code True}, in any case.
 * <p>
 * Spring Boot binds the {@code DEBUG} variable to its own {@code debug} property and takes any value but a
 * lowercase {@code false} as on, so the description's {@code DEBUG=False} would print Boot's debug report at every
 * start. Before Boot's logging reads it, the value is replaced by {@code true} or {@code false}: true, yes, on and 1
 * mean on; false, no, off, 0 and an empty value mean off; anything else stops the start with a sentence saying so.
 * Boot's own {@code --debug} on the command line keeps its meaning.
 */
public class DebugSetting implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "debug";

	static final String SOURCE_NAME = "llmchatDebugSetting";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String value = environment.getProperty(PROPERTY);
		if (value == null || fromCommandLine(environment)) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(SOURCE_NAME, Map.of(PROPERTY, Boolean.toString(parse(value)))));
	}

	static boolean parse(String value) {
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "true", "yes", "on", "1" -> true;
			case "false", "no", "off", "0", "" -> false;
			default -> throw new IllegalArgumentException(
					"DEBUG must be True or False (or yes/no, on/off, 1/0), not '" + value + "'.");
		};
	}

	private static boolean fromCommandLine(ConfigurableEnvironment environment) {
		return environment.getPropertySources()
			.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME) instanceof CommandLinePropertySource<?> args
				&& args.containsProperty(PROPERTY);
	}

	/** Before Boot's logging reads {@code debug}, and after the environment's own sources are in place. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
