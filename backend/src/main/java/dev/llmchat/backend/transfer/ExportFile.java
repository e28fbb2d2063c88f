package dev.llmchat.backend.transfer;

/**
 * The names and version of the export formats: {@code {"format": "llmchat-chat", "version": 1, "chat": ...}} for one
 * chat, {@code {"format": "llmchat-chats", "version": 1, "exported_at": ..., "chats": [...]}} for all of a user's.
 */
final class ExportFile {

	static final String ONE_CHAT = "llmchat-chat";

	static final String ALL_CHATS = "llmchat-chats";

	static final int VERSION = 1;

	private ExportFile() {
	}

	/** One chat's export. */
	record OneChat(String format, int version, ExportedChat chat) {

		OneChat(ExportedChat chat) {
			this(ONE_CHAT, VERSION, chat);
		}

	}

}
