package dev.llmchat.frontend.chat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ChatControllerTests extends FrontendTestSupport {

	private static final String CHAT = """
			{"id":7,"title":"Trip","created_at":"2026-01-30T10:00:00Z","updated_at":"2026-01-31T14:03:12Z",
			 "system_prompt":"Be brief.","model":"tiny","temperature":0.7,"max_tokens":512,
			 "messages":[
			  {"id":1,"role":"system","content":"hidden system text","status":"complete","created_at":"2026-01-30T10:00:00Z"},
			  {"id":2,"role":"user","content":"Hello <script>window.__xss=1</script>","status":"complete","created_at":"2026-01-30T10:00:01Z"},
			  {"id":3,"role":"assistant","content":"**Hi** <img src=x onerror=alert(1)>","status":"complete","model":"tiny",
			   "prompt_tokens":12,"completion_tokens":40,"ttft_ms":85,"duration_ms":2000,"created_at":"2026-01-30T10:00:02Z"},
			  {"id":4,"role":"assistant","content":"Half an ans","status":"interrupted","model":"tiny","created_at":"2026-01-30T10:00:03Z"}]}""";

	private static final String MODELS = """
			{"object":"list","data":[{"id":"tiny"}]}""";

	private static final String CHATS = """
			[{"id":9,"title":"Recipes <i>","created_at":"2026-01-30T10:00:00Z","updated_at":"2026-02-01T09:00:00Z","message_count":2},
			 {"id":7,"title":"Trip","created_at":"2026-01-30T10:00:00Z","updated_at":"2026-01-31T14:03:12Z","message_count":4}]""";

	@BeforeEach
	void chatList() {
		backend.json("GET /chats", 200, CHATS);
	}

	@Test
	void showsThePersonsChatsBesideTheConversationWithTheCurrentOneMarked() throws Exception {
		backend.json("GET /chats/7", 200, CHAT);
		backend.json("GET /models", 200, MODELS);
		String page = okPage("/chat/7");
		assertThat(page).contains("id=\"sidebar\"", "href=\"/chat/new\"", "id=\"chat-search-input\"",
				"href=\"/dashboard\"", "aria-controls=\"sidebar\" aria-expanded=\"false\"", "Recipes &lt;i&gt;",
				"<script src=\"/js/sidebar.js\">",
				"<link rel=\"stylesheet\" href=\"/webjars/katex/0.16.47/dist/katex.min.css\">");
		assertThat(page.indexOf("href=\"/chat/9\"")).as("newest activity first")
			.isLessThan(page.indexOf("href=\"/chat/7\""));
		assertThat(page).containsOnlyOnce("aria-current=\"page\"")
			.contains("href=\"/chat/7\" title=\"Trip\" aria-current=\"page\"");
		assertThat(backend.last("GET /chats").query()).isNull();
	}

	@Test
	void aNewChatOpensEmptyAtOnceAndIsNotCreatedBeforeItsFirstMessage() throws Exception {
		backend.json("GET /models", 200, MODELS);
		String page = okPage("/chat/new");
		assertThat(page).contains("<title>New chat · llmchat</title>",
				"<div id=\"chat\" class=\"chat-main\" data-answer-running=\"false\">", "id=\"no-messages\"", "id=\"prompt-form\"",
				"<option value=\"tiny\">tiny</option>", "id=\"history-link\"");
		assertThat(page).doesNotContain("aria-current=\"page\"").doesNotContain("<article");
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("POST"));
		this.mvc.perform(get("/chat").with(signedIn())).andExpect(redirectedUrl("/chat/new"));
	}

	@Test
	void theNewChatPageIsInPortugueseForABrazilianBrowser() throws Exception {
		backend.json("GET /models", 200, MODELS);
		this.mvc.perform(get("/chat/new").with(signedIn()).header("Accept-Language", "pt-BR"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">Nova conversa</a>")))
			.andExpect(content().string(containsString(">Ir para o fim</button>")))
			.andExpect(content().string(containsString("placeholder=\"Buscar conversas\"")));
	}

	@Test
	void showsEarlierMessagesAsEscapedTextForTheScriptsToRender() throws Exception {
		backend.json("GET /chats/7", 200, CHAT);
		backend.json("GET /models", 200, MODELS);
		this.mvc.perform(get("/chat/7").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Hello &lt;script&gt;window.__xss=1&lt;/script&gt;")))
			.andExpect(content().string(containsString("**Hi** &lt;img src=x onerror=alert(1)&gt;")))
			.andExpect(content().string(not(containsString("<script>window"))))
			.andExpect(content().string(not(containsString("hidden system text"))))
			.andExpect(content().string(containsString("data-tokens=\"40\" data-ttft=\"85\" data-duration=\"2000\"")))
			.andExpect(content().string(containsString("data-status=\"interrupted\"")))
			.andExpect(content().string(containsString(">Interrupted</span>")))
			.andExpect(content().string(containsString("data-chat-id=\"7\"")))
			.andExpect(content().string(containsString("data-answer-running=\"false\"")))
			.andExpect(content().string(containsString("data-messages=\"{&quot;announce.done&quot;")))
			.andExpect(content().string(containsString("This chat&#39;s model (tiny)")))
			.andExpect(content().string(containsString("<label for=\"prompt\"")))
			.andExpect(content().string(containsString("aria-live=\"polite\"")))
			.andExpect(content().string(containsString("<script src=\"/webjars/dompurify/3.3.3/dist/purify.min.js\">")));
	}

	@Test
	void tellsTheScriptsThatAnAnswerIsRunningSoOnlyThenTheyFollowIt() throws Exception {
		backend.json("GET /chats/7", 200, CHAT.replace("\"Half an ans\",\"status\":\"interrupted\"",
				"\"Half an ans\",\"status\":\"streaming\""));
		backend.json("GET /models", 200, MODELS);
		this.mvc.perform(get("/chat/7").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-answer-running=\"true\"")));
	}

	@Test
	void saysWhenTheModelServerIsDown() throws Exception {
		backend.json("GET /chats/7", 200, CHAT);
		backend.problem("GET /models", 503, "The model server cannot be reached.");
		this.mvc.perform(get("/chat/7").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"model-server-down\"")));
	}

	@Test
	void anUnknownOrForeignChatIsAFriendly404() throws Exception {
		backend.problem("GET /chats/99", 404, "Chat not found.");
		this.mvc.perform(get("/chat/99").with(signedIn()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("This page does not exist.")));
		this.mvc.perform(get("/chat/99/history").with(signedIn())).andExpect(status().isNotFound());
	}

	@Test
	void aMalformedChatIdIsABadRequestNotACrash() throws Exception {
		this.mvc.perform(get("/chat/%3Cscript%3E").with(signedIn())).andExpect(status().isBadRequest());
		this.mvc.perform(get("/chat/99999999999999999999999").with(signedIn())).andExpect(status().isBadRequest());
	}

	@Test
	void theHistoryIsReadOnlyAndPrintable() throws Exception {
		backend.json("GET /chats/7", 200, CHAT);
		this.mvc.perform(get("/chat/7/history").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Be brief.")))
			.andExpect(content().string(containsString("data-print")))
			.andExpect(content().string(containsString("Half an ans")))
			.andExpect(content().string(not(containsString("id=\"prompt-form\""))));
	}

	@Test
	void anExpiredTokenOnTheChatPageSendsThePersonToLogIn() throws Exception {
		backend.problem("GET /chats/7", 401, "Not authenticated.");
		this.mvc.perform(get("/chat/7").with(signedIn())).andExpect(redirectedUrl("/login?expired"));
	}

	@Test
	void aBackendFailureShowsItsSentenceOnAFriendlyPage() throws Exception {
		backend.problem("GET /chats/7", 500, "The database is locked; try again.");
		this.mvc.perform(get("/chat/7").with(signedIn()))
			.andExpect(status().isInternalServerError())
			.andExpect(content().string(containsString("The database is locked; try again.")))
			.andExpect(content().string(containsString("Something went wrong.")));
	}

	private String okPage(String path) throws Exception {
		return this.mvc.perform(get(path).with(signedIn()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}
