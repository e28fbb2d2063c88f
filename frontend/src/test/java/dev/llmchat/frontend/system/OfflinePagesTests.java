package dev.llmchat.frontend.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages work offline and under the CSP: no template or static file points at another host, and no
 * template carries an inline script, an inline event handler or an inline style.
 */
class OfflinePagesTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	// XML namespace names are identifiers, never fetched
	private static final Pattern NAMESPACE = Pattern.compile("xmlns(?::\\w+)?=\"[^\"]*\"");

	private static final Pattern URL = Pattern.compile("(?i)(?:https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s\"'<>)]*");

	private static final Pattern INLINE_SCRIPT = Pattern.compile("(?i)<script(?![^>]*\\bth:src=)[^>]*>");

	private static final Pattern EVENT_HANDLER = Pattern.compile("(?i)\\s(?:th:)?on[a-z]+\\s*=");

	private static final Pattern STYLE_ATTRIBUTE = Pattern.compile("(?i)\\s(?:th:)?style\\s*=");

	@Test
	void noTemplateOrStaticFileReferencesAnotherHost() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path file : files(RESOURCES.resolve("templates"), RESOURCES.resolve("static"))) {
			String text = NAMESPACE.matcher(Files.readString(file)).replaceAll("");
			Matcher matcher = URL.matcher(text);
			while (matcher.find()) {
				found.add(file + ": " + matcher.group());
			}
		}
		assertThat(found).isEmpty();
	}

	@Test
	void templatesHaveNoInlineScriptsHandlersOrStyles() throws IOException {
		for (Path file : files(RESOURCES.resolve("templates"))) {
			String html = Files.readString(file);
			assertThat(INLINE_SCRIPT.matcher(html).results().map(Object::toString)).as(file + " inline script")
				.isEmpty();
			assertThat(EVENT_HANDLER.matcher(html).find()).as(file + " event handler attribute").isFalse();
			assertThat(STYLE_ATTRIBUTE.matcher(html).find()).as(file + " style attribute").isFalse();
		}
	}

	@Test
	void theLayoutLoadsItsAssetsFromWebJarsAndTheApp() throws IOException {
		String layout = Files.readString(RESOURCES.resolve("templates/fragments/layout.html"));
		assertThat(layout).contains("@{/webjars/bootstrap/css/bootstrap.min.css}")
			.contains("@{/webjars/bootstrap/js/bootstrap.bundle.min.js}")
			.contains("@{/js/theme.js}");
	}

	private static List<Path> files(Path... roots) throws IOException {
		List<Path> result = new ArrayList<>();
		for (Path root : roots) {
			try (Stream<Path> walk = Files.walk(root)) {
				walk.filter(Files::isRegularFile).forEach(result::add);
			}
		}
		assertThat(result).isNotEmpty();
		return result;
	}

}
