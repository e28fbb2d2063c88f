package dev.llmchat.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [[sim:...]]} directives of the last user message: {@code tokens=N}, {@code fault=<id>}, {@code xss} and
 * {@code markdown}.
 *
 * @param tokens the answer length, null when not set
 * @param fault the fault for this request, null when not set
 * @param xss whether the answer carries script and markup that a client must not render as HTML
 * @param markdown whether the answer carries a list, a table and a code block
 */
record Directives(Integer tokens, Fault fault, boolean xss, boolean markdown) {

	static final Directives NONE = new Directives(null, null, false, false);

	private static final Pattern DIRECTIVE = Pattern.compile("\\[\\[sim:([a-z]+)(?:=([^\\]]*))?]]");

	/**
	 * The directives of a message; throws {@link ApiError} for a directive with a bad value.
	 */
	static Directives parse(String message) {
		if (message == null || !message.contains("[[sim:")) {
			return NONE;
		}
		Integer tokens = null;
		Fault fault = null;
		boolean xss = false;
		boolean markdown = false;
		Matcher matcher = DIRECTIVE.matcher(message);
		while (matcher.find()) {
			String value = matcher.group(2);
			switch (matcher.group(1)) {
				case "tokens" -> tokens = tokenCount(value);
				case "fault" -> fault = fault(value);
				case "xss" -> xss = true;
				case "markdown" -> markdown = true;
				default -> throw ApiError.badRequest("Unknown simulator directive [[sim:" + matcher.group(1)
						+ "]], expected tokens=N, fault=<id>, xss or markdown");
			}
		}
		return new Directives(tokens, fault, xss, markdown);
	}

	/**
	 * The message without its directives, whitespace collapsed and trimmed.
	 */
	static String strip(String message) {
		return DIRECTIVE.matcher(message).replaceAll(" ").replaceAll("\\s+", " ").trim();
	}

	private static Integer tokenCount(String value) {
		if (value == null || !value.matches("\\d{1,9}")) {
			throw ApiError.badRequest("[[sim:tokens=N]] needs a number N >= 0, got '" + value + "'");
		}
		return Integer.valueOf(value);
	}

	private static Fault fault(String value) {
		try {
			return Fault.fromId(String.valueOf(value));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.badRequest("[[sim:fault=<id>]]: " + ex.getMessage());
		}
	}

}
