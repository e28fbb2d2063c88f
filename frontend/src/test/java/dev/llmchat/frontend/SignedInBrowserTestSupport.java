package dev.llmchat.frontend;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The frontend over real HTTP with a {@link BrowserSession} signed in before each test, as the chat page's scripts
 * call its JSON routes.
 */
public abstract class SignedInBrowserTestSupport extends FrontendTestSupport {

	@LocalServerPort
	private int port;

	protected BrowserSession browser;

	@BeforeEach
	void signIn() throws Exception {
		this.browser = BrowserSession.signIn(this.port, backend);
	}

}
