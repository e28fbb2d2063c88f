package dev.llmchat.backend.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a chat's title comes from: {@code default} ("New chat"), {@code question} (the first words of its first
 * question, until the model writes one), {@code model} (written by the model after the first answer) or {@code user}
 * (named by the person, which the model never overwrites). Stored and sent in lower case.
 */
public enum TitleSource {

	DEFAULT, QUESTION, MODEL, USER;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
