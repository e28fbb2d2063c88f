package dev.llmchat.backend.transfer;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code POST /chats/import} takes (the file's size is {@code llmchat.max-import-bytes}, checked before it is
 * read). A question or system message may be as long as a prompt ({@code llmchat.generation.max-prompt-bytes}).
 *
 * @param maxConversations the most conversations one file may hold; a file with more is refused whole
 * @param maxMessages the most messages, all versions counted, one conversation may hold
 * @param maxAnswerBytes the longest answer accepted, in UTF-8 bytes
 */
@Validated
@ConfigurationProperties("llmchat.transfer")
record TransferProperties(@DefaultValue("2000") @Min(1) int maxConversations,
		@DefaultValue("10000") @Min(1) int maxMessages, @DefaultValue("256KB") @NotNull DataSize maxAnswerBytes) {

}
