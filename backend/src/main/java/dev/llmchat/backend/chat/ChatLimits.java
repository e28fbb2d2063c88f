package dev.llmchat.backend.chat;

/** Sizes the chat API accepts; the same numbers validate requests and appear in the OpenAPI description. */
public final class ChatLimits {

	public static final int TITLE = 200;

	public static final int SYSTEM_PROMPT = 16_384;

	public static final int MODEL = 200;

	public static final int MAX_TOKENS = 1_000_000;

	private ChatLimits() {
	}

}
