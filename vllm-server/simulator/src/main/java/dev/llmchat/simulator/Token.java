package dev.llmchat.simulator;

/**
 * One answer token with its text already escaped for a JSON string, so streaming does not escape per chunk.
 */
record Token(String text, byte[] json) {

	static Token of(String text) {
		return new Token(text, Json.quotedContent(text));
	}

}
