package dev.llmchat.simulator;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON on Jackson's streaming layer only: databind costs most of a second at start-up, and the simulator reads and
 * writes a handful of small, known shapes.
 */
final class Json {

	private static final JsonFactory FACTORY = new JsonFactory();

	private Json() {
	}

	/**
	 * Parses a JSON object into maps ({@link LinkedHashMap}), lists, strings, longs (big integers beyond), doubles,
	 * booleans and nulls; throws {@link IllegalArgumentException} for anything else.
	 */
	static Map<String, Object> parseObject(String text) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException((first == null) ? "The body is empty"
						: "Input should be a valid dictionary or object");
			}
			Map<String, Object> object = readObject(parser);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("Unexpected content after the JSON object");
			}
			return object;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Writes one JSON value with a generator.
	 */
	static String write(Consumer<JsonGenerator> writer) {
		StringWriter text = new StringWriter(256);
		try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), text)) {
			writer.accept(generator);
		}
		return text.toString();
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

	private static Object read(JsonParser parser, JsonToken token) {
		return switch (token) {
			case START_OBJECT -> readObject(parser);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
					? parser.getBigIntegerValue() : (Object) parser.getLongValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new IllegalArgumentException("Unexpected JSON token " + token);
		};
	}

	private static Map<String, Object> readObject(JsonParser parser) {
		Map<String, Object> object = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			object.put(name, read(parser, parser.nextToken()));
		}
		return object;
	}

	private static List<Object> readArray(JsonParser parser) {
		List<Object> array = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			array.add(read(parser, token));
		}
		return array;
	}

	/**
	 * The value as an int, null when it is not a whole number that fits.
	 */
	static Integer intValue(Object value) {
		if (value instanceof Long number && number == number.intValue()) {
			return number.intValue();
		}
		return null;
	}

}
