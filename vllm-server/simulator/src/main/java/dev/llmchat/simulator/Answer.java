package dev.llmchat.simulator;

import java.util.List;

/**
 * The tokens the simulator generates for one request and why it stopped.
 *
 * @param tokens the answer tokens
 * @param finishReason "stop", or "length" when max tokens or the context cut the answer
 * @param promptTokens the prompt length
 */
record Answer(List<Token> tokens, String finishReason, int promptTokens) {

	String text() {
		StringBuilder text = new StringBuilder();
		for (Token token : this.tokens) {
			text.append(token.text());
		}
		return text.toString();
	}

	int completionTokens() {
		return this.tokens.size();
	}

	boolean cutByLength() {
		return "length".equals(this.finishReason);
	}

}
