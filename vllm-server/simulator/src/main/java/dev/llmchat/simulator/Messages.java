package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code messages} array of a chat request.
 */
final class Messages {

	private Messages() {
	}

	/**
	 * The messages, or null when the array is missing or holds something that is not a message.
	 */
	static List<ChatMessage> read(JsonNode request) {
		JsonNode array = request.get("messages");
		if (array == null || !array.isArray()) {
			return null;
		}
		List<ChatMessage> messages = new ArrayList<>(array.size());
		for (JsonNode message : array) {
			JsonNode role = message.get("role");
			if (!message.isObject() || role == null || !role.isString()) {
				return null;
			}
			messages.add(new ChatMessage(role.stringValue(), content(message.get("content"))));
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

	private static String content(JsonNode content) {
		if (content == null || content.isNull()) {
			return "";
		}
		if (content.isString()) {
			return content.stringValue();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			JsonNode partText = part.get("text");
			if (partText != null && partText.isString()) {
				text.append(partText.stringValue());
			}
		}
		return text.toString();
	}

}
