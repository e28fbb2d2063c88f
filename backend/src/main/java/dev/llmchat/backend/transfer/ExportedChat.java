package dev.llmchat.backend.transfer;

import java.time.Instant;
import java.util.List;

/**
 * A chat as the export formats write it and the import reads it back: its settings, and every message of every
 * version, each naming its parent by key.
 *
 * @param titleSource where the title comes from: {@code default}, {@code question}, {@code model} or {@code user}
 * @param current the key of the last message of the branch the chat shows, null when it has none
 * @param messages in the order of their keys, parents before children
 */
record ExportedChat(String title, String titleSource, String systemPrompt, String model, Double temperature,
		Double topP, Integer maxTokens, Instant createdAt, Instant updatedAt, Integer current,
		List<ExportedMessage> messages) {

}
