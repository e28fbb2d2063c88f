package dev.llmchat.backend.chat;

import jakarta.validation.constraints.Size;

/** {@code POST /chats}: every field is optional; the title defaults to "New chat". */
record CreateChatRequest(@Size(max = ChatLimits.TITLE) String title,
		@Size(max = ChatLimits.SYSTEM_PROMPT) String systemPrompt, @Size(max = ChatLimits.MODEL) String model) {

}
