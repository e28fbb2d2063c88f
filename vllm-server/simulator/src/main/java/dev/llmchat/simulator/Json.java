package dev.llmchat.simulator;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper of the simulator and the few helpers the wire code needs.
 */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static JsonNode parse(String text) {
		return MAPPER.readTree(text);
	}

	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	static byte[] writeBytes(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	/**
	 * The UTF-8 bytes of a JSON string literal's content, without the quotes.
	 */
	static byte[] quotedContent(String text) {
		return JsonStringEncoder.getInstance().quoteAsUTF8(text);
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
