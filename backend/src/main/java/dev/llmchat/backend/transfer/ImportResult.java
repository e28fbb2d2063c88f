package dev.llmchat.backend.transfer;

import java.util.List;

/**
 * What {@code POST /chats/import} did: the conversations it stored as new chats, and those it did not take.
 */
record ImportResult(List<Imported> imported, List<Rejected> rejected) {

	/** A conversation stored as the chat {@code chatId}, with {@code messages} messages (all versions). */
	record Imported(int index, String title, long chatId, int messages) {
	}

	/** A conversation not taken, and why. */
	record Rejected(int index, String title, String reason) {
	}

}
