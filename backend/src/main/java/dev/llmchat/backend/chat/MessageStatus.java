package dev.llmchat.backend.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a message stands: {@code streaming} while the model writes it, then {@code complete}, {@code interrupted}
 * (stopped by the user or cut by a crash, text kept) or {@code error} (the model server failed, text kept).
 */
public enum MessageStatus {

	COMPLETE, STREAMING, INTERRUPTED, ERROR;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
