package dev.llmchat.frontend.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The strings the browser scripts show, as one JSON object for a page's {@code data-messages} attribute: every
 * message key that starts with {@code js.}, without that prefix, in the page's language.
 */
@Component
public class ClientMessages {

	static final String PREFIX = "js.";

	private final MessageSource messages;

	private final JsonMapper json;

	private final List<String> keys;

	ClientMessages(MessageSource messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
		this.keys = loadKeys();
	}

	public String json(Locale locale) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (String key : this.keys) {
			texts.put(key.substring(PREFIX.length()), this.messages.getMessage(key, null, locale));
		}
		return this.json.writeValueAsString(texts);
	}

	private static List<String> loadKeys() {
		try {
			Properties base = PropertiesLoaderUtils.loadProperties(new ClassPathResource("messages.properties"));
			return base.stringPropertyNames().stream().filter((key) -> key.startsWith(PREFIX)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("messages.properties cannot be read", ex);
		}
	}

}
