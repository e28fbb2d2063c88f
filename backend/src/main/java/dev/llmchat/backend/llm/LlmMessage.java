package dev.llmchat.backend.llm;

/** One message of the conversation sent to the model. */
public record LlmMessage(String role, String content) {

	public static LlmMessage system(String content) {
		return new LlmMessage("system", content);
	}

	public static LlmMessage user(String content) {
		return new LlmMessage("user", content);
	}

	public static LlmMessage assistant(String content) {
		return new LlmMessage("assistant", content);
	}

}
