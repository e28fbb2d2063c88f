package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's deterministic tokenizer: a token is a maximal run of non-whitespace characters together with the
 * whitespace before it, and whitespace at the end of a text is one more token. Joining the tokens gives the text
 * back, so "Hello world" is ["Hello", " world"].
 */
final class Tokenizer {

	/**
	 * Tokens the chat template adds around each message: {@code <|im_start|>}, the role, {@code <|im_end|>}, a new line.
	 */
	static final int MESSAGE_OVERHEAD = 4;

	/**
	 * Tokens of the generation prompt: {@code <|im_start|>}, {@code assistant}, a new line.
	 */
	static final int GENERATION_PROMPT = 3;

	private Tokenizer() {
	}

	static int count(String text) {
		int count = 0;
		boolean inWord = false;
		for (int i = 0; i < text.length(); i++) {
			boolean space = Character.isWhitespace(text.charAt(i));
			if (!space && !inWord) {
				count++;
			}
			inWord = !space;
		}
		boolean trailingSpace = !text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1));
		return trailingSpace ? count + 1 : count;
	}

	static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		int start = 0;
		int i = 0;
		while (i < text.length()) {
			while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			tokens.add(text.substring(start, i));
			start = i;
		}
		return tokens;
	}

	/**
	 * The prompt length of a chat request: the content tokens plus the chat template's tokens.
	 */
	static int promptTokens(List<ChatMessage> messages, boolean addGenerationPrompt) {
		int tokens = addGenerationPrompt ? GENERATION_PROMPT : 0;
		for (ChatMessage message : messages) {
			tokens += MESSAGE_OVERHEAD + count(message.content());
		}
		return tokens;
	}

}
