package dev.llmchat.frontend.transfer;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.FrontendTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ExportControllerTests extends FrontendTestSupport {

	private static final String MARKDOWN = "# Trip\n\n**You:** Hi <script>alert(1)</script>\n";

	private static final String CHATS = "{\"format\":\"llmchat-chats\",\"version\":1,\"chats\":[]}";

	@Test
	void oneChatDownloadsAsMarkdownUnderTheBackendsName() throws Exception {
		backend.attachment("GET /chats/7/export", "text/markdown; charset=utf-8", "attachment; filename=\"Trip plans.md\"",
				MARKDOWN);
		this.mvc.perform(get("/chat/7/export").param("format", "markdown").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "text/markdown;charset=UTF-8"))
			.andExpect(header().string("Content-Disposition", containsString("attachment; filename=\"Trip plans.md\"")))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(content().string(MARKDOWN));
		assertThat(backend.last("GET /chats/7/export").query()).isEqualTo("format=markdown");
		assertThat(backend.last("GET /chats/7/export").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void oneChatDownloadsAsJsonByDefault() throws Exception {
		backend.attachment("GET /chats/7/export", "application/json", "attachment; filename=\"chat-7.json\"", CHATS);
		this.mvc.perform(get("/chat/7/export").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/json"))
			.andExpect(header().string("Content-Disposition", containsString("filename=\"chat-7.json\"")))
			.andExpect(content().string(CHATS));
		assertThat(backend.last("GET /chats/7/export").query()).isEqualTo("format=json");
	}

	@Test
	void theFilesTypeAndNameAreTheFrontendsWhateverTheBackendsHeadersSay() throws Exception {
		backend.attachment("GET /chats/7/export", "text/html", "attachment; filename=\"../../etc/passwd<script>.html\"",
				"<script>alert(1)</script>");
		this.mvc.perform(get("/chat/7/export").param("format", "markdown").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "text/markdown;charset=UTF-8"))
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"etc-passwd-script-.md\""));

		backend.attachment("GET /chats/7/export", "application/json", "inline; filename=\"\\\"; x=\"", CHATS);
		this.mvc.perform(get("/chat/7/export").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("attachment;")))
			.andExpect(header().string("Content-Disposition", not(containsString("inline"))));

		backend.attachment("GET /chats/7/export", "application/json", "this is not a disposition", CHATS);
		this.mvc.perform(get("/chat/7/export").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"chat-7.json\""));
	}

	@Test
	void aNameInAnotherAlphabetKeepsItsLetters() throws Exception {
		backend.attachment("GET /chats/7/export", "application/json",
				"attachment; filename*=UTF-8''Viagem%20a%20S%C3%A3o%20Paulo.json", CHATS);
		this.mvc.perform(get("/chat/7/export").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition",
					containsString("filename*=UTF-8''Viagem%20a%20S%C3%A3o%20Paulo.json")));
	}

	@Test
	void allChatsDownloadAsOneJsonFile() throws Exception {
		backend.attachment("GET /chats/export", "application/json", null, CHATS);
		this.mvc.perform(get("/chats/export").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/json"))
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"llmchat-chats.json\""))
			.andExpect(content().string(CHATS));
	}

	@Test
	void anUnknownFormatOrAMalformedIdIsABadRequestThatNeverReachesTheBackend() throws Exception {
		this.mvc.perform(get("/chat/7/export").param("format", "html").with(signedIn()))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/chat/7/export").param("format", "../../chats").with(signedIn()))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/chat/seven/export").with(signedIn())).andExpect(status().isBadRequest());
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("export"));
	}

	@Test
	void anotherPersonsChatIsTheFriendly404() throws Exception {
		backend.problem("GET /chats/8/export", 404, "Chat not found.");
		this.mvc.perform(get("/chat/8/export").with(signedIn()))
			.andExpect(status().isNotFound())
			.andExpect(header().string("Content-Disposition", (String) null))
			.andExpect(content().string(containsString("This page does not exist.")));
	}

	@Test
	void strangersAreSentToLogIn() throws Exception {
		this.mvc.perform(get("/chats/export")).andExpect(redirectedUrl("/login"));
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("export"));
	}

}
