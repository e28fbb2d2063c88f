package dev.llmchat.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids for {@code /tokenize} and {@code /detokenize}: the chat template's special tokens have Qwen2.5's ids,
 * every other token gets the next free id the first time it is seen, so detokenizing gives back the text.
 */
final class Vocabulary {

	static final String IM_START = "<|im_start|>";

	static final String IM_END = "<|im_end|>";

	private static final Map<String, Integer> SPECIAL = Map.of("<|endoftext|>", 151643, IM_START, 151644, IM_END,
			151645);

	private final Map<String, Integer> ids = new HashMap<>();

	private final List<String> texts = new ArrayList<>();

	synchronized int id(String token) {
		Integer special = SPECIAL.get(token);
		if (special != null) {
			return special;
		}
		return this.ids.computeIfAbsent(token, (text) -> {
			this.texts.add(text);
			return this.texts.size() - 1;
		});
	}

	/**
	 * The text of a token id; throws {@link ApiError} for an id never handed out.
	 */
	synchronized String text(int id) {
		for (Map.Entry<String, Integer> special : SPECIAL.entrySet()) {
			if (special.getValue() == id) {
				return special.getKey();
			}
		}
		if (id < 0 || id >= this.texts.size()) {
			throw ApiError.badRequest("Token id " + id + " is out of vocabulary");
		}
		return this.texts.get(id);
	}

}
