package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code messages} array of a chat request.
 */
final class Messages {

	private Messages() {
	}

	/**
	 * The messages, or null when the array is missing or holds something that is not a message.
	 */
	static List<ChatMessage> read(Map<String, Object> request) {
		if (!(request.get("messages") instanceof List<?> array)) {
			return null;
		}
		List<ChatMessage> messages = new ArrayList<>(array.size());
		for (Object element : array) {
			if (!(element instanceof Map<?, ?> message) || !(message.get("role") instanceof String role)) {
				return null;
			}
			messages.add(new ChatMessage(role, content(message.get("content"))));
		}
		return messages;
	}

	static String lastUserContent(List<ChatMessage> messages) {
		int index = lastUserIndex(messages);
		return (index >= 0) ? messages.get(index).content() : null;
	}

	static int lastUserIndex(List<ChatMessage> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if ("user".equals(messages.get(i).role())) {
				return i;
			}
		}
		return -1;
	}

	private static String content(Object content) {
		if (content instanceof String text) {
			return text;
		}
		StringBuilder text = new StringBuilder();
		if (content instanceof List<?> parts) {
			for (Object part : parts) {
				if (part instanceof Map<?, ?> map && map.get("text") instanceof String partText) {
					text.append(partText);
				}
			}
		}
		return text.toString();
	}

}
