package dev.llmchat.frontend.backend;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One message of a chat; an assistant's message carries its usage and timings. A message written again (edited or
 * regenerated) has several versions: {@code versionIds} lists them in order, {@code version} is this one's place.
 */
public record Message(long id, Long parentId, String role, String content, String status, String model,
		Integer promptTokens, Integer completionTokens, Long ttftMs, Long durationMs, OffsetDateTime createdAt,
		Integer version, Integer versions, List<Long> versionIds) {

	public Message {
		versionIds = (versionIds != null) ? List.copyOf(versionIds) : List.of();
	}

}
