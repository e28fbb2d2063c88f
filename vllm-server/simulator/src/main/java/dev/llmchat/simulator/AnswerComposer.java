package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the deterministic answer to a conversation: a sentence that quotes the last user message and counts the
 * earlier messages (so a test can prove the history was sent), the content a directive asks for, then filler words up
 * to the wanted length.
 */
final class AnswerComposer {

	static final String XSS_BLOCK = """


			# Rendering check

			This is **bold** text.

			<script>window.__xss=1</script>

			<img src=x onerror="window.__xss=1">

			```java
			class Hello {
				String greet() {
					return "<b>hello</b>";
				}
			}
			```""";

	static final String MARKDOWN_BLOCK = """


			## Summary

			- first item
			- second item with `inline code`
			- third item

			| name | value |
			|------|-------|
			| alpha | 1 |
			| beta | 2 |

			```python
			def greet(name):
			    return f"Hello, {name}!"
			```""";

	private static final List<Token> FILLER = List.of("lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
			"adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna",
			"aliqua")
		.stream()
		.map((word) -> Token.of(" " + word))
		.toList();

	private static final int QUOTE_LENGTH = 60;

	private final int defaultTokens;

	private final int maxModelLen;

	AnswerComposer(int defaultTokens, int maxModelLen) {
		this.defaultTokens = defaultTokens;
		this.maxModelLen = maxModelLen;
	}

	/**
	 * The answer, at most {@code maxTokens} (null for no limit) and what the context leaves after the prompt.
	 */
	Answer compose(List<ChatMessage> messages, Directives directives, int promptTokens, Integer maxTokens) {
		List<Token> content = content(messages, directives);
		int wanted = (directives.tokens() != null) ? directives.tokens()
				: (directives.xss() || directives.markdown()) ? Math.max(this.defaultTokens, content.size())
						: this.defaultTokens;
		int limit = this.maxModelLen - promptTokens;
		if (maxTokens != null) {
			limit = Math.min(limit, maxTokens);
		}
		int length = Math.min(wanted, limit);
		List<Token> tokens = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			tokens.add((i < content.size()) ? content.get(i) : FILLER.get((i - content.size()) % FILLER.size()));
		}
		return new Answer(tokens, (wanted > limit) ? "length" : "stop", promptTokens);
	}

	private static List<Token> content(List<ChatMessage> messages, Directives directives) {
		StringBuilder text = new StringBuilder(header(messages));
		if (directives.xss()) {
			text.append(XSS_BLOCK);
		}
		if (directives.markdown()) {
			text.append(MARKDOWN_BLOCK);
		}
		return Tokenizer.tokens(text.toString()).stream().map(Token::of).toList();
	}

	private static String header(List<ChatMessage> messages) {
		int lastUser = Messages.lastUserIndex(messages);
		int end = (lastUser >= 0) ? lastUser : messages.size();
		long earlier = messages.subList(0, end).stream().filter((message) -> !"system".equals(message.role())).count();
		long answerNumber = Math.max(1, messages.stream().filter((message) -> "user".equals(message.role())).count());
		String quote = (lastUser >= 0) ? quote(messages.get(lastUser).content()) : "";
		return "Simulated answer " + answerNumber + " to \"" + quote + "\". I can see " + earlier + " earlier "
				+ ((earlier == 1) ? "message." : "messages.");
	}

	private static String quote(String message) {
		String text = Directives.strip(message);
		int codePoints = text.codePointCount(0, text.length());
		return (codePoints <= QUOTE_LENGTH) ? text : text.substring(0, text.offsetByCodePoints(0, QUOTE_LENGTH));
	}

}
