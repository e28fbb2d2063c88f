package dev.llmchat.backend.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a message; stored and sent in lower case as the OpenAI wire format does. */
public enum MessageRole {

	USER, ASSISTANT, SYSTEM;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
