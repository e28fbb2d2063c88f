package dev.llmchat.backend.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The text of titles not written by the person: one line, at most sixty characters, nothing but words. */
class ChatTitleTextTests {

	@Test
	void aQuestionOnOneLineOfAtMostSixtyCharactersCutAtAWord() {
		assertThat(ChatTitles.fromQuestion("  Hello\n\tworld  ")).isEqualTo("Hello world");
		assertThat(ChatTitles.fromQuestion("x".repeat(80))).isEqualTo("x".repeat(59) + "…");
		assertThat(ChatTitles.fromQuestion("word ".repeat(20))).isEqualTo("word ".repeat(12).strip() + "…");
		assertThat(ChatTitles.fromQuestion("🎉".repeat(70))).isEqualTo("🎉".repeat(59) + "…");
	}

	@Test
	void theModelsTitleLosesQuotesMarkdownLabelsAndReasoning() {
		assertThat(ChatTitles.fromModel("\"Sourdough on holiday\"")).contains("Sourdough on holiday");
		assertThat(ChatTitles.fromModel("**Title:** «Pão de fermentação natural».\n\nMore text")).contains(
				"Pão de fermentação natural");
		assertThat(ChatTitles.fromModel("<think>The user asks about bread.</think>\n# Keeping a starter alive"))
			.contains("Keeping a starter alive");
		assertThat(ChatTitles.fromModel(" \"\" \n")).isEmpty();
		assertThat(ChatTitles.fromModel("a very long title ".repeat(10)).orElseThrow()).hasSizeLessThanOrEqualTo(60);
	}

}
