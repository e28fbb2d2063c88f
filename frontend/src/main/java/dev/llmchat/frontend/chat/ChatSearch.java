package dev.llmchat.frontend.chat;

/**
 * What the person typed into a chat search box, as the backend is asked about it: stripped, blank as none, and
 * cut at {@link #MAX_LENGTH} characters (longer than any title).
 */
final class ChatSearch {

	static final int MAX_LENGTH = 200;

	private ChatSearch() {
	}

	static String normalize(String query) {
		if (query == null || query.isBlank()) {
			return "";
		}
		String search = query.strip();
		return (search.length() > MAX_LENGTH) ? search.substring(0, MAX_LENGTH) : search;
	}

}
