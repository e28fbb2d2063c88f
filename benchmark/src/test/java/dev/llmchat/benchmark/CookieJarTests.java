package dev.llmchat.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CookieJarTests {

	@Test
	void keepsWhatIsSetReplacesWhatIsSetAgainAndForgetsWhatIsCleared() {
		CookieJar jar = new CookieJar();
		jar.keep(List.of("LLMCHAT_CSRF=first; Path=/; HttpOnly; SameSite=Lax"));
		assertThat(jar.header()).isEqualTo("LLMCHAT_CSRF=first");

		jar.keep(List.of("LLMCHAT_CSRF=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:10 GMT; HttpOnly",
				"LLMCHAT_SESSION=sealed-value; Path=/; HttpOnly; SameSite=Lax"));
		assertThat(jar.has("LLMCHAT_CSRF")).isFalse();
		assertThat(jar.has("LLMCHAT_SESSION")).isTrue();

		jar.keep(List.of("LLMCHAT_CSRF=second; Path=/", "LLMCHAT_SESSION=renewed; Path=/; Max-Age=3600"));
		assertThat(jar.header()).isEqualTo("LLMCHAT_SESSION=renewed; LLMCHAT_CSRF=second");

		jar.keep(List.of("LLMCHAT_SESSION=gone; Max-Age=0"));
		assertThat(jar.header()).isEqualTo("LLMCHAT_CSRF=second");
	}

}
