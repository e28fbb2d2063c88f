package dev.llmchat.frontend.system;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

class SecurityHeadersTests extends FrontendTestSupport {

	@Test
	void everyPageForbidsOtherHostsInlineScriptsAndFraming() throws Exception {
		for (String path : new String[] { "/login", "/register", "/health", "/js/chat.js", "/does-not-exist" }) {
			this.mvc.perform(get(path))
				.andExpect(header().string("Content-Security-Policy", allOf(containsString("default-src 'self'"),
						containsString("script-src 'self'"), containsString("img-src 'self' data:"),
						containsString("frame-ancestors 'none'"), not(containsString("unsafe-inline")),
						not(containsString("unsafe-eval")), not(containsString("http")))))
				.andExpect(header().string("X-Content-Type-Options", "nosniff"))
				.andExpect(header().string("X-Frame-Options", "DENY"))
				.andExpect(header().string("Referrer-Policy", "same-origin"));
		}
	}

	@Test
	void signedInPagesAreNotCached() throws Exception {
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, "{\"data\":[]}");
		this.mvc.perform(get("/dashboard").with(signedIn()))
			.andExpect(header().string("Cache-Control", containsString("no-store")));
	}

}
