package dev.llmchat.frontend.chat;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the chat page and the dashboard give the scripts for versions, settings, export and import.
 */
class ChatToolsPageTests extends FrontendTestSupport {

	private static final String CHAT = """
			{"id":7,"title":"Trip","title_source":"user","created_at":"2026-01-30T10:00:00Z",
			 "updated_at":"2026-01-31T14:03:12Z","system_prompt":"Be <b>brief</b>.","model":"gone-model",
			 "temperature":0.4,"top_p":0.9,"max_tokens":300,"messages":[
			  {"id":12,"parent_id":null,"role":"user","content":"Hi","status":"complete",
			   "created_at":"2026-01-30T10:00:01Z","version":2,"versions":2,"version_ids":[10,12]},
			  {"id":13,"parent_id":12,"role":"assistant","content":"Hello","status":"complete","model":"tiny",
			   "created_at":"2026-01-30T10:00:02Z","version":1,"versions":1,"version_ids":[13]}]}""";

	@Test
	void eachMessageCarriesItsVersionsForTheScripts() throws Exception {
		backend.json("GET /chats/7", 200, CHAT);
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, "{\"data\":[{\"id\":\"tiny\"}]}");
		this.mvc.perform(get("/chat/7").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-message-id=\"12\" data-version=\"2\" data-version-ids=\"10,12\"")))
			.andExpect(content().string(containsString("data-message-id=\"13\" data-version=\"1\" data-version-ids=\"13\"")))
			.andExpect(content().string(containsString("<script src=\"/js/versions.js\"></script>")))
			.andExpect(content().string(containsString("<script src=\"/js/chat-settings.js\"></script>")));
	}

	@Test
	void theSettingsPanelShowsTheChatsOwnSettingsAndTheExportMenuItsFormats() throws Exception {
		backend.json("GET /chats/7", 200, CHAT);
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, "{\"data\":[{\"id\":\"tiny\"}]}");
		this.mvc.perform(get("/chat/7").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<summary class=\"btn btn-sm btn-outline-secondary\">Chat settings</summary>")))
			.andExpect(content().string(containsString(">Be &lt;b&gt;brief&lt;/b&gt;.</textarea>")))
			.andExpect(content().string(containsString("<option value=\"gone-model\" selected>gone-model</option>")))
			.andExpect(content().string(containsString("<option value=\"tiny\">tiny</option>")))
			.andExpect(content().string(containsString("name=\"temperature\"")))
			.andExpect(content().string(containsString("value=\"0.4\"")))
			.andExpect(content().string(containsString("value=\"0.9\"")))
			.andExpect(content().string(containsString("value=\"300\"")))
			.andExpect(content().string(containsString("<label for=\"settings-top_p\"")))
			.andExpect(content().string(containsString("href=\"/chat/7/export?format=markdown\"")))
			.andExpect(content().string(containsString("href=\"/chat/7/export?format=json\"")));
	}

	@Test
	void theDashboardOffersExportOfEveryChatAndImport() throws Exception {
		backend.json("GET /chats", 200, "[]");
		backend.json("GET /models", 200, "{\"data\":[]}");
		this.mvc.perform(get("/dashboard").with(signedIn()).header("Accept-Language", "pt-BR"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/chats/export\"")))
			.andExpect(content().string(containsString("Exportar todas as conversas (JSON)")))
			.andExpect(content().string(containsString("href=\"/chats/import\"")))
			.andExpect(content().string(containsString("Importar conversas")));
	}

}
