package dev.llmchat.simulator;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTests {

	@Test
	void aTokenIsAWordWithTheWhitespaceBeforeIt() {
		assertThat(Tokenizer.tokens("Hello world")).containsExactly("Hello", " world");
		assertThat(Tokenizer.tokens("  two\n\nlines ")).containsExactly("  two", "\n\nlines", " ");
		assertThat(Tokenizer.tokens("")).isEmpty();
		assertThat(Tokenizer.tokens("   ")).containsExactly("   ");
	}

	@Test
	void countAgreesWithTheTokensAndJoiningGivesTheTextBack() {
		for (String text : List.of("", " ", "a", "Hello world", "  two\n\nlines ", "tab\tseparated\u00a0nbsp", "ü é")) {
			assertThat(Tokenizer.count(text)).as(text).isEqualTo(Tokenizer.tokens(text).size());
			assertThat(String.join("", Tokenizer.tokens(text))).isEqualTo(text);
		}
	}

	@Test
	void aChatPromptIsFourTokensPerMessagePlusTheContentPlusThreeForTheGenerationPrompt() {
		List<ChatMessage> messages = List.of(new ChatMessage("system", "Be brief."),
				new ChatMessage("user", "Hello world"));

		assertThat(Tokenizer.promptTokens(messages, true)).isEqualTo(4 + 2 + 4 + 2 + 3);
		assertThat(Tokenizer.promptTokens(messages, false)).isEqualTo(4 + 2 + 4 + 2);
	}

}
