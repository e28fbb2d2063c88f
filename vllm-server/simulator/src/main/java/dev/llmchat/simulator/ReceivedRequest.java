package dev.llmchat.simulator;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code POST /v1/chat/completions} request as the simulator received it.
 *
 * @param headers the request headers, names in lower case, repeated headers joined with ", "
 * @param body the raw request body
 */
public record ReceivedRequest(Map<String, String> headers, String body) {

	public ReceivedRequest {
		headers = Map.copyOf(headers);
	}

	/**
	 * The body as a JSON tree; throws {@link tools.jackson.core.JacksonException} when the body is not JSON.
	 */
	public JsonNode json() {
		return TreeMapper.INSTANCE.readTree(this.body);
	}

	/**
	 * The {@code messages} array as records, empty when the body has none.
	 */
	public List<ChatMessage> messages() {
		List<ChatMessage> messages;
		try {
			messages = Messages.read(Json.parseObject(this.body));
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
		return (messages != null) ? List.copyOf(messages) : List.of();
	}

	/**
	 * The prompt's length by the simulator's tokenizer and chat template, as a context check counts it: what the
	 * request asks of the window before the answer.
	 */
	public int promptTokens() {
		return Tokenizer.promptTokens(messages(), true);
	}

	/**
	 * The content of the last {@code user} message, null when there is none.
	 */
	public String lastUserMessage() {
		return Messages.lastUserContent(messages());
	}

	/**
	 * Holds the databind mapper, created on first use only: the simulator itself does not need it.
	 */
	private static final class TreeMapper {

		static final JsonMapper INSTANCE = JsonMapper.builder().build();

	}

}
