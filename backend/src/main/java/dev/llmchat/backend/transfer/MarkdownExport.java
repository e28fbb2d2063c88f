package dev.llmchat.backend.transfer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat as Markdown to read: its title, its settings and system prompt, then the branch it shows, each message
 * under a heading naming who wrote it, with its text exactly as stored.
 */
final class MarkdownExport {

	private MarkdownExport() {
	}

	static String of(ExportedChat chat) {
		StringBuilder markdown = new StringBuilder();
		markdown.append("# ").append(oneLine(chat.title())).append("\n\n");
		setting(markdown, "Model", chat.model());
		setting(markdown, "Temperature", chat.temperature());
		setting(markdown, "Top-p", chat.topP());
		setting(markdown, "Max answer length (tokens)", chat.maxTokens());
		setting(markdown, "Created", chat.createdAt());
		setting(markdown, "Last activity", chat.updatedAt());
		markdown.append('\n');
		if (chat.systemPrompt() != null) {
			markdown.append("## System prompt\n\n").append(chat.systemPrompt()).append("\n\n");
		}
		for (ExportedMessage message : shownBranch(chat)) {
			markdown.append("## ").append(heading(message)).append("\n\n").append(message.content()).append("\n\n");
		}
		return markdown.toString();
	}

	/** The messages from the first to the current one, following parents up from the current one. */
	private static List<ExportedMessage> shownBranch(ExportedChat chat) {
		Map<Integer, ExportedMessage> byKey = new HashMap<>();
		chat.messages().forEach(message -> byKey.put(message.key(), message));
		Deque<ExportedMessage> branch = new ArrayDeque<>();
		ExportedMessage message = (chat.current() == null) ? null : byKey.get(chat.current());
		while (message != null && branch.size() < byKey.size()) {
			branch.addFirst(message);
			message = (message.parent() == null) ? null : byKey.get(message.parent());
		}
		return List.copyOf(branch);
	}

	private static String heading(ExportedMessage message) {
		String who = switch (message.role()) {
			case "user" -> "You";
			case "assistant" -> "Assistant";
			default -> "System";
		};
		return "complete".equals(message.status()) ? who : who + " (" + message.status() + ")";
	}

	private static void setting(StringBuilder markdown, String name, Object value) {
		if (value != null) {
			markdown.append("- ").append(name).append(": ").append(oneLine(value.toString())).append('\n');
		}
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n]+", " ");
	}

}
