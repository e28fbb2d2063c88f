package dev.llmchat.frontend.backend;

import java.util.List;

/**
 * What {@code POST /chats/import} took from a file (as new chats) and what it left out, each by its place in the file.
 */
public record ImportResult(List<Imported> imported, List<Rejected> rejected) {

	public ImportResult {
		imported = (imported != null) ? List.copyOf(imported) : List.of();
		rejected = (rejected != null) ? List.copyOf(rejected) : List.of();
	}

	public record Imported(int index, String title, long chatId, int messages) {
	}

	public record Rejected(int index, String title, String reason) {
	}

}
