package dev.llmchat.backend.chat;

import jakarta.validation.constraints.NotNull;

/** {@code PUT /chats/{id}/branch}: the message whose branch the chat shows from now on. */
record BranchRequest(@NotNull(message = "is required") Long messageId) {

}
