package dev.llmchat.frontend.system;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both languages have every message, and every message the templates, the scripts and the code ask for exists.
 */
class I18nPropertiesSyncTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Path JAVA = Path.of("src/main/java");

	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z][\\w.-]*)");

	private static final Pattern SCRIPT_KEY = Pattern.compile("\\b(?:t|text|format)\\('([A-Za-z.]+)'");

	private static final Pattern JAVA_KEY = Pattern
		.compile("\"((?:auth|dashboard|api|login|chat|error)\\.[A-Za-z.-]+)\"");

	@Test
	void bothLanguagesHaveTheSameKeys() throws IOException {
		Set<String> english = keys("messages.properties");
		Set<String> portuguese = keys("messages_pt_BR.properties");
		assertThat(difference(english, portuguese)).as("keys missing in messages_pt_BR.properties").isEmpty();
		assertThat(difference(portuguese, english)).as("keys missing in messages.properties").isEmpty();
	}

	@Test
	void noMessageIsEmpty() throws IOException {
		for (String bundle : new String[] { "messages.properties", "messages_pt_BR.properties" }) {
			Properties messages = load(bundle);
			assertThat(messages.stringPropertyNames()).as(bundle)
				.allSatisfy((key) -> assertThat(messages.getProperty(key)).as(key).isNotBlank());
		}
	}

	@Test
	void quotesAreDoubledOnlyWhereMessageFormatRuns() throws IOException {
		for (String bundle : new String[] { "messages.properties", "messages_pt_BR.properties" }) {
			Properties messages = load(bundle);
			for (String key : messages.stringPropertyNames()) {
				String text = messages.getProperty(key);
				boolean formatted = text.matches("(?s).*\\{\\d.*");
				if (!formatted) {
					assertThat(text).as(bundle + " " + key + " has no arguments, so '' would show as is")
						.doesNotContain("''");
				}
			}
		}
	}

	@Test
	void everyKeyTheTemplatesUseExists() throws IOException {
		Set<String> used = matches(RESOURCES.resolve("templates"), ".html", TEMPLATE_KEY);
		assertThat(used).isNotEmpty();
		assertThat(difference(used, keys("messages.properties"))).isEmpty();
	}

	@Test
	void everyKeyTheScriptsUseExistsWithTheJsPrefix() throws IOException {
		Set<String> used = new TreeSet<>();
		for (String key : matches(RESOURCES.resolve("static/js"), ".js", SCRIPT_KEY)) {
			used.add("js." + key);
		}
		assertThat(used).contains("js.copy", "js.figures.tokens", "js.error.network", "js.status.streaming");
		assertThat(difference(used, keys("messages.properties"))).isEmpty();
	}

	@Test
	void everyKeyTheCodeUsesExists() throws IOException {
		Set<String> used = matches(JAVA, ".java", JAVA_KEY);
		assertThat(used).contains("api.invalid.chat", "auth.register.done");
		assertThat(difference(used, keys("messages.properties"))).isEmpty();
	}

	private static Set<String> matches(Path root, String suffix, Pattern pattern) throws IOException {
		Set<String> found = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(suffix)).toList()) {
				Matcher matcher = pattern.matcher(Files.readString(file));
				while (matcher.find()) {
					found.add(matcher.group(1));
				}
			}
		}
		return found;
	}

	private static Set<String> difference(Set<String> a, Set<String> b) {
		Set<String> result = new TreeSet<>(a);
		result.removeAll(b);
		return result;
	}

	private static Set<String> keys(String bundle) throws IOException {
		return new TreeSet<>(load(bundle).stringPropertyNames());
	}

	private static Properties load(String bundle) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(bundle), StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

}
