package dev.llmchat.backend.chat;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Titles written for a chat rather than by the person: the first words of its first question, and the cleaned text
 * of the title the model wrote. Both are one line of at most {@value #LENGTH} characters, cut at a word boundary.
 */
public final class ChatTitles {

	static final int LENGTH = 60;

	private static final Pattern REASONING = Pattern.compile("(?s)<think>.*?(</think>|$)");

	private static final Pattern LABEL = Pattern.compile("(?i)^(title|título|titulo)\\s*:\\s*");

	/** Quotes of any script and Markdown's emphasis, heading and code marks: none belongs in a title. */
	private static final Pattern MARKUP = Pattern.compile("[\"'`*_#~\\[\\]“”„‟«»‹›‘’‚‛「」『』]");

	private ChatTitles() {
	}

	/** The first words of a question, as a title until the model writes one. */
	static String fromQuestion(String question) {
		return cut(oneLine(question));
	}

	/** The model's answer as a title: its first line without quotes, Markdown or a label; empty when nothing is left. */
	public static Optional<String> fromModel(String answer) {
		String text = REASONING.matcher(answer).replaceAll("").strip();
		String line = text.lines().map(String::strip).filter(candidate -> !candidate.isEmpty()).findFirst().orElse("");
		String title = oneLine(LABEL.matcher(MARKUP.matcher(line).replaceAll("").strip()).replaceFirst(""));
		title = title.replaceAll("[.:;,\\s]+$", "");
		return title.isEmpty() ? Optional.empty() : Optional.of(cut(title));
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
	}

	/** At most {@value #LENGTH} characters, cut after the last whole word that fits, with an ellipsis. */
	private static String cut(String text) {
		if (text.codePointCount(0, text.length()) <= LENGTH) {
			return text;
		}
		int limit = text.offsetByCodePoints(0, LENGTH - 1);
		int space = text.lastIndexOf(' ', limit);
		return ((space > 0) ? text.substring(0, space) : text.substring(0, limit)).strip() + "…";
	}

}
