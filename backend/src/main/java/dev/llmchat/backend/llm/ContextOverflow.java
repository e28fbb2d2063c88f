package dev.llmchat.backend.llm;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The numbers a model server gives when it refuses a prompt that does not fit its context: its window and its own
 * count of the prompt. Either may be missing when the wording is one this client does not know.
 *
 * @param windowTokens the context window the server named, or null
 * @param promptTokens the server's count of the prompt it refused, or null
 */
public record ContextOverflow(Integer windowTokens, Integer promptTokens) {

	static final ContextOverflow UNKNOWN = new ContextOverflow(null, null);

	/** vLLM "maximum context length is N tokens"; llama.cpp "available context size (N tokens)". */
	private static final List<Pattern> WINDOW = List.of(Pattern.compile("maximum context length is (\\d+) tokens"),
			Pattern.compile("context size \\((\\d+) tokens\\)"));

	/**
	 * The prompt's count, most specific first: vLLM ≥ 0.10.2 "your request has M input tokens" (also in its
	 * max_tokens refusal) and ≈ 0.15 "parameter=input_tokens, value=M"; older vLLM "you requested T tokens (M in the
	 * messages, X in the completion)" and "you requested M tokens in the messages"; llama.cpp "request (M tokens)".
	 */
	private static final List<Pattern> PROMPT = List.of(Pattern.compile("has (\\d+) input tokens"),
			Pattern.compile("parameter=input_tokens, value=(\\d+)"), Pattern.compile("(\\d+) in the messages"),
			Pattern.compile("requested (\\d+) tokens in the messages"), Pattern.compile("request \\((\\d+) tokens\\)"));

	/**
	 * Reads the numbers of a context refusal: llama.cpp's {@code n_ctx} and {@code n_prompt_tokens} fields, else the
	 * message's words.
	 */
	static ContextOverflow read(JsonNode body) {
		JsonNode error = body.path("error");
		String message = ErrorBodies.message(body);
		Integer window = error.path("n_ctx").isInt() ? Integer.valueOf(error.path("n_ctx").asInt()) : first(WINDOW, message);
		Integer prompt = error.path("n_prompt_tokens").isInt() ? Integer.valueOf(error.path("n_prompt_tokens").asInt())
				: first(PROMPT, message);
		return new ContextOverflow(window, prompt);
	}

	private static Integer first(List<Pattern> patterns, String message) {
		for (Pattern pattern : patterns) {
			Matcher matcher = pattern.matcher(message);
			if (matcher.find()) {
				try {
					return Integer.valueOf(matcher.group(1));
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
		}
		return null;
	}

}
