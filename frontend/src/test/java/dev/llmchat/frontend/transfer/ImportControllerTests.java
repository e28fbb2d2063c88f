package dev.llmchat.frontend.transfer;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

import dev.llmchat.frontend.BrowserSession;
import dev.llmchat.frontend.FrontendTestSupport;

import static dev.llmchat.frontend.BrowserCsrf.csrf;
import static dev.llmchat.frontend.BrowserCsrf.csrfOfAnotherBrowser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ImportControllerTests extends FrontendTestSupport {

	private static final String EXPORT = """
			{"format":"llmchat-chats","version":1,"exported_at":"2026-01-31T14:03:12Z","chats":[]}""";

	private static final String RESULT = """
			{"imported":[{"index":0,"title":"Física <b>quântica</b>","chat_id":41,"messages":4}],
			 "rejected":[{"index":1,"title":"Broken <i>one</i>","reason":"messages[2].parent names no message <x>"},
			             {"index":2,"title":null,"reason":"not an object"}]}""";

	@LocalServerPort
	int port;

	@Test
	void thePageOffersAFileFormWithTheLimit() throws Exception {
		this.mvc.perform(get("/chats/import").with(signedIn()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("enctype=\"multipart/form-data\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")))
			.andExpect(content().string(containsString("<label for=\"import-file\"")))
			.andExpect(content().string(containsString("Up to 20 MB.")));
	}

	@Test
	void theImportedChatsAreLinkedAndTheRejectedOnesSayWhy() throws Exception {
		backend.json("POST /chats/import", 200, RESULT);
		upload(file(EXPORT)).andExpect(status().isOk())
			.andExpect(content().string(containsString("1 conversation imported")))
			.andExpect(content().string(containsString("href=\"/chat/41\"")))
			.andExpect(content().string(containsString("Física &lt;b&gt;quântica&lt;/b&gt;")))
			.andExpect(content().string(containsString("4 messages")))
			.andExpect(content().string(containsString("2 conversations not imported")))
			.andExpect(content().string(containsString("Conversation 2: Broken &lt;i&gt;one&lt;/i&gt;")))
			.andExpect(content().string(containsString("messages[2].parent names no message &lt;x&gt;")))
			.andExpect(content().string(containsString("Conversation 3")))
			.andExpect(content().string(not(containsString("<b>quântica"))));
		assertThat(backend.last("POST /chats/import").body()).isEqualTo(EXPORT);
		assertThat(backend.last("POST /chats/import").header("Content-Type")).isEqualTo("application/json");
		assertThat(backend.last("POST /chats/import").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void theBackendsRefusalIsShownAsItsSentence() throws Exception {
		backend.problem("POST /chats/import", 422, "Nothing in this file can be imported: it is not an export.");
		upload(file("{\"hello\":1}")).andExpect(status().isOk())
			.andExpect(content().string(containsString("Nothing in this file can be imported: it is not an export.")))
			.andExpect(content().string(not(containsString("conversation imported"))));
		backend.problem("POST /chats/import", 413, "The file is larger than 5 MB.");
		upload(file(EXPORT)).andExpect(content().string(containsString("The file is larger than 5 MB.")));
	}

	@Test
	void anEmptyWrongOrTooLargeFileIsExplainedAndNeverReachesTheBackend() throws Exception {
		upload(file("")).andExpect(content().string(containsString("Choose a file to import.")));
		upload(new MockMultipartFile("other", "x.json", "application/json", EXPORT.getBytes(StandardCharsets.UTF_8)))
			.andExpect(content().string(containsString("Choose a file to import.")));
		upload(file("<html>not json</html>")).andExpect(
				content().string(containsString("The file is not a JSON export.")));
		upload(file("42")).andExpect(content().string(containsString("The file is not a JSON export.")));
		upload(file("{\"chats\": [")).andExpect(content().string(containsString("The file is not a JSON export.")));
		byte[] huge = new byte[20 * 1024 * 1024 + 1];
		Arrays.fill(huge, (byte) ' ');
		upload(new MockMultipartFile("file", "huge.json", "application/json", huge))
			.andExpect(content().string(containsString("The file is too large to import")));
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("import"));
	}

	@Test
	void anUploadWithoutThePagesCsrfTokenIsRefused() throws Exception {
		this.mvc.perform(multipart("/chats/import").file(file(EXPORT)).with(signedIn()))
			.andExpect(status().isForbidden());
		this.mvc.perform(multipart("/chats/import").file(file(EXPORT)).with(signedIn()).with(csrfOfAnotherBrowser()))
			.andExpect(status().isForbidden());
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("import"));
	}

	@Test
	void aRealBrowsersMultipartFormCarriesItsCsrfField() throws Exception {
		backend.json("POST /chats/import", 200, RESULT);
		BrowserSession browser = BrowserSession.signIn(this.port, backend);
		String boundary = "----llmchat-test-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
				+ browser.csrfToken() + "\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chats.json\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + EXPORT + "\r\n--" + boundary + "--\r\n";
		HttpResponse<String> response = browser.send(browser.request("/chats/import")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("href=\"/chat/41\"");
		assertThat(backend.last("POST /chats/import").body()).isEqualTo(EXPORT);
	}

	private ResultActions upload(MockMultipartFile file) throws Exception {
		return this.mvc.perform(multipart("/chats/import").file(file).with(signedIn()).with(csrf()));
	}

	private static MockMultipartFile file(String content) {
		return new MockMultipartFile("file", "chats.json", "application/json", content.getBytes(StandardCharsets.UTF_8));
	}

}
