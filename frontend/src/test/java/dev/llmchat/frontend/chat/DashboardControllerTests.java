package dev.llmchat.frontend.chat;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.FrontendTestSupport;

import static dev.llmchat.frontend.BrowserCsrf.csrf;
import static dev.llmchat.frontend.BrowserCsrf.csrfOfAnotherBrowser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DashboardControllerTests extends FrontendTestSupport {

	private static final String CHATS = """
			[{"id":7,"title":"Trip <b>plans</b>","created_at":"2026-01-30T10:00:00Z","updated_at":"2026-01-31T14:03:12.123Z","message_count":4},
			 {"id":8,"title":"Empty","created_at":"2026-01-30T10:00:00Z","updated_at":"2026-01-30T10:00:00Z","message_count":0}]""";

	private static final String MODELS = """
			{"object":"list","data":[{"id":"Qwen/Qwen2.5-0.5B-Instruct","object":"model"},{"id":"tiny","object":"model"}]}""";

	@Test
	void showsTheChatsTheirActivityAndCountsAndTheStatusCards() throws Exception {
		backend.json("GET /chats", 200, CHATS);
		backend.json("GET /models", 200, MODELS);
		this.mvc.perform(get("/dashboard").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Trip &lt;b&gt;plans&lt;/b&gt;")))
			.andExpect(content().string(containsString("href=\"/chat/7\"")))
			.andExpect(content().string(containsString("4 messages")))
			.andExpect(content().string(containsString("no messages")))
			.andExpect(content().string(containsString("datetime=\"2026-01-31T14:03:12.123Z\"")))
			.andExpect(content().string(containsString("<p id=\"chat-count\" class=\"fs-3 mb-0\">2</p>")))
			.andExpect(content().string(containsString("<p id=\"model-count\" class=\"fs-3 mb-0\">2</p>")))
			.andExpect(content().string(containsString("<option value=\"tiny\">tiny</option>")))
			.andExpect(content().string(containsString("data-confirm=\"Delete the chat &quot;Empty&quot;")));
		assertThat(backend.last("GET /chats").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void showsTheModelServerAsDownAndTheModelsAsUnknownWhenItIs() throws Exception {
		backend.json("GET /chats", 200, "[]");
		backend.problem("GET /models", 503, "The model server at http://127.0.0.1:9/v1 cannot be reached.");
		backend.json("GET /health", 200, """
				{"status":"degraded","database":"up","llm":{"status":"down","base_url":"http://127.0.0.1:9/v1","models":[]}}""");
		this.mvc.perform(get("/dashboard").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("text-bg-danger\">Down</span>")))
			.andExpect(content().string(containsString("<p id=\"model-count\" class=\"fs-3 mb-0\">Unknown</p>")))
			.andExpect(content().string(containsString("No chats yet.")));
	}

	@Test
	void searchesByTitleEvenWithHostileOrHugeText() throws Exception {
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, MODELS);
		this.mvc.perform(get("/dashboard").with(signedIn()).param("q", "{x} & y=<z>"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"{x} &amp; y=&lt;z&gt;\"")))
			.andExpect(content().string(containsString("No chat has a title like that.")));
		assertThat(backend.last("GET /chats").query()).isEqualTo("q=%7Bx%7D%20%26%20y%3D%3Cz%3E");

		this.mvc.perform(get("/dashboard").with(signedIn()).param("q", "q".repeat(5_000))).andExpect(status().isOk());
		assertThat(backend.last("GET /chats").query()).isEqualTo("q=" + "q".repeat(200));
	}

	@Test
	void creatingAChatOpensIt() throws Exception {
		backend.json("POST /chats", 200, """
				{"id":42,"title":"Rust","created_at":"2026-01-31T14:03:12Z","updated_at":"2026-01-31T14:03:12Z","system_prompt":"Be brief.","model":"tiny","messages":[]}""");
		this.mvc
			.perform(post("/chats/new").with(signedIn()).with(csrf())
				.param("title", " Rust ")
				.param("systemPrompt", "Be brief.")
				.param("model", "tiny"))
			.andExpect(redirectedUrl("/chat/42"));
		assertThat(backend.last("POST /chats").body())
			.isEqualTo("{\"title\":\"Rust\",\"system_prompt\":\"Be brief.\",\"model\":\"tiny\"}");
	}

	@Test
	void anEmptyNewChatFormLeavesTheDefaultsToTheBackend() throws Exception {
		backend.json("POST /chats", 200, """
				{"id":43,"title":"New chat","created_at":"2026-01-31T14:03:12Z","updated_at":"2026-01-31T14:03:12Z","messages":[]}""");
		this.mvc.perform(post("/chats/new").with(signedIn()).with(csrf()).param("title", "").param("model", ""))
			.andExpect(redirectedUrl("/chat/43"));
		assertThat(backend.last("POST /chats").body()).isEqualTo("{}");
	}

	@Test
	void aTooLongNewChatShowsFieldErrors() throws Exception {
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, MODELS);
		this.mvc
			.perform(post("/chats/new").with(signedIn()).with(csrf())
				.param("title", "t".repeat(201))
				.param("systemPrompt", "s".repeat(20_001))
				.param("model", "m".repeat(201)))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrors("newChat", "title", "systemPrompt", "model"))
			.andExpect(content().string(containsString("Use at most 200 characters.")));
		assertThat(backend.received()).noneMatch((request) -> request.route().equals("POST /chats"));
	}

	@Test
	void theBackendsRefusalOfANewChatIsShown() throws Exception {
		backend.problem("POST /chats", 422, "The model 'nope' is not served here.");
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, MODELS);
		this.mvc.perform(post("/chats/new").with(signedIn()).with(csrf()).param("model", "nope"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("The model &#39;nope&#39; is not served here.")));
	}

	@Test
	void renamingSendsTheNewTitle() throws Exception {
		backend.json("PATCH /chats/7", 200, """
				{"id":7,"title":"Better","created_at":"2026-01-31T14:03:12Z","updated_at":"2026-01-31T14:03:12Z"}""");
		this.mvc.perform(post("/chats/7/rename").with(signedIn()).with(csrf()).param("title", "Better"))
			.andExpect(redirectedUrl("/dashboard"))
			.andExpect(flash().attribute("notice", "dashboard.rename.done"));
		assertThat(backend.last("PATCH /chats/7").body()).isEqualTo("{\"title\":\"Better\"}");
	}

	@Test
	void aBlankOrHugeTitleIsNotSent() throws Exception {
		this.mvc.perform(post("/chats/7/rename").with(signedIn()).with(csrf()).param("title", "  "))
			.andExpect(redirectedUrl("/dashboard"))
			.andExpect(flash().attribute("problemKey", "dashboard.rename.invalid"));
		this.mvc.perform(post("/chats/7/rename").with(signedIn()).with(csrf()).param("title", "t".repeat(100_000)))
			.andExpect(flash().attribute("problemKey", "dashboard.rename.invalid"));
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void deletingAChatSaysSo() throws Exception {
		backend.empty("DELETE /chats/7", 204);
		this.mvc.perform(post("/chats/7/delete").with(signedIn()).with(csrf()))
			.andExpect(redirectedUrl("/dashboard"))
			.andExpect(flash().attribute("notice", "dashboard.delete.done"));
		assertThat(backend.last("DELETE /chats/7").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void deletingSomeoneElsesChatIsAFriendly404() throws Exception {
		backend.problem("DELETE /chats/9", 404, "Chat not found.");
		this.mvc.perform(post("/chats/9/delete").with(signedIn()).with(csrf()))
			.andExpect(redirectedUrl("/dashboard"))
			.andExpect(flash().attribute("problem", "Chat not found."));
	}

	@Test
	void aNonNumericChatIdIsABadRequestPage() throws Exception {
		this.mvc.perform(post("/chats/abc/delete").with(signedIn()).with(csrf()))
			.andExpect(status().isBadRequest());
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void formsWithoutTheCsrfTokenAreRefused() throws Exception {
		this.mvc.perform(post("/chats/new").with(signedIn()).param("title", "x")).andExpect(status().isForbidden());
		this.mvc.perform(post("/chats/7/rename").with(signedIn()).param("title", "x")).andExpect(status().isForbidden());
		this.mvc.perform(post("/chats/7/delete").with(signedIn())).andExpect(status().isForbidden());
		this.mvc.perform(post("/chats/7/delete").with(signedIn()).with(csrfOfAnotherBrowser()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(not(containsString("Exception"))));
		assertThat(backend.received()).isEmpty();
	}

	@Test
	void anExpiredTokenSendsThePersonBackToTheLoginPage() throws Exception {
		backend.problem("GET /chats", 401, "Not authenticated.");
		this.mvc.perform(get("/dashboard").with(signedIn())).andExpect(redirectedUrl("/login?expired"));
	}

	@Test
	void strangersAreSentToTheLoginPage() throws Exception {
		this.mvc.perform(get("/dashboard")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/chat/7")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/chat/7/history")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/").with(signedIn())).andExpect(redirectedUrl("/dashboard"));
	}

}
