package dev.llmchat.frontend.chat;

import jakarta.validation.constraints.Size;

import dev.llmchat.frontend.backend.NewChat;

record NewChatForm(@Size(max = 200) String title, @Size(max = 20_000) String systemPrompt,
		@Size(max = 200) String model) {

	static NewChatForm empty() {
		return new NewChatForm("", "", "");
	}

	/** Blank fields are left out, so the backend applies its defaults. */
	NewChat toNewChat() {
		return new NewChat(blankToNull(this.title), blankToNull(this.systemPrompt), blankToNull(this.model));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
