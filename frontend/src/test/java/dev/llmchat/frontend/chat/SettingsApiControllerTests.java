package dev.llmchat.frontend.chat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.SignedInBrowserTestSupport;

import static dev.llmchat.frontend.BrowserSession.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings panel's routes over real HTTP, as chat-settings.js uses them.
 */
class SettingsApiControllerTests extends SignedInBrowserTestSupport {

	private static final String SAVED = """
			{"id":7,"title":"Trip","title_source":"user","created_at":"2026-01-30T10:00:00Z",
			 "updated_at":"2026-01-31T14:03:12Z","system_prompt":null,"model":null,"temperature":0.5,"top_p":null,
			 "max_tokens":256}""";

	@Test
	void savingSendsEverySettingAndAnEmptyOneGoesBackToTheServersDefault() throws Exception {
		backend.json("PATCH /chats/7", 200, SAVED);
		HttpResponse<String> response = patch("/api/chats/7/settings",
				"{\"system_prompt\":\"  \",\"model\":\"\",\"temperature\":0.5,\"top_p\":null,\"max_tokens\":256}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"temperature\":0.5", "\"max_tokens\":256");
		assertThat(backend.last("PATCH /chats/7").body()).isEqualTo(
				"{\"system_prompt\":null,\"model\":null,\"temperature\":0.5,\"top_p\":null,\"max_tokens\":256}");
		assertThat(backend.last("PATCH /chats/7").header("Authorization")).isEqualTo("Bearer " + TOKEN);

		patch("/api/chats/7/settings", "{\"system_prompt\":\"Be brief.\",\"model\":\" tiny \",\"top_p\":1}");
		assertThat(backend.last("PATCH /chats/7").body()).isEqualTo(
				"{\"system_prompt\":\"Be brief.\",\"model\":\"tiny\",\"temperature\":null,\"top_p\":1.0,\"max_tokens\":null}");
	}

	@Test
	void aValueOutOfRangeIsRefusedNextToItsFieldAndNeverReachesTheBackend() throws Exception {
		assertField(patch("/api/chats/7/settings", "{\"temperature\":2.5}"), "temperature",
				"The temperature must be a number from 0 to 2.");
		assertField(patch("/api/chats/7/settings", "{\"temperature\":-0.1}"), "temperature",
				"The temperature must be a number from 0 to 2.");
		assertField(patch("/api/chats/7/settings", "{\"top_p\":0}"), "top_p",
				"Top-p must be a number above 0 and at most 1.");
		assertField(patch("/api/chats/7/settings", "{\"top_p\":1.01}"), "top_p",
				"Top-p must be a number above 0 and at most 1.");
		assertField(patch("/api/chats/7/settings", "{\"max_tokens\":0}"), "max_tokens",
				"The longest answer must be a whole number from 1 to 1,000,000 tokens.");
		assertField(patch("/api/chats/7/settings", "{\"max_tokens\":1000001}"), "max_tokens",
				"The longest answer must be a whole number from 1 to 1,000,000 tokens.");
		assertField(patch("/api/chats/7/settings", "{\"system_prompt\":\"" + "s".repeat(16_385) + "\"}"),
				"system_prompt", "The system prompt is too long: at most 16,384 characters.");
		assertField(patch("/api/chats/7/settings", "{\"model\":\"" + "m".repeat(201) + "\"}"), "model",
				"The model name is not valid.");
		String unreadable = "The request could not be read.";
		assertProblem(patch("/api/chats/7/settings", "{\"temperature\":\"hot\"}"), 400, unreadable);
		assertProblem(patch("/api/chats/7/settings", "{\"max_tokens\":1.5e99}"), 400, unreadable);
		assertProblem(patch("/api/chats/7/settings", "[1,2]"), 400, unreadable);
		assertProblem(patch("/api/chats/seven/settings", "{}"), 400, unreadable);
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("PATCH"));
	}

	@Test
	void theBackendsRefusalAndAnotherPersonsChatKeepTheirStatusAndSentence() throws Exception {
		backend.problem("PATCH /chats/7", 422, "Please fix: top_p must be greater than 0.");
		assertProblem(patch("/api/chats/7/settings", "{\"top_p\":0.5}"), 422,
				"Please fix: top_p must be greater than 0.");
		backend.problem("PATCH /chats/8", 404, "Chat not found.");
		assertProblem(patch("/api/chats/8/settings", "{\"top_p\":0.5}"), 404, "Chat not found.");
	}

	@Test
	void theServersDefaultsAreRelayedForThePanelsHints() throws Exception {
		backend.json("GET /generation/defaults", 200,
				"{\"model\":\"tiny\",\"temperature\":0.7,\"top_p\":null,\"max_tokens\":1024,\"context_window\":4096}");
		HttpResponse<String> response = this.browser.send(this.browser.request("/api/settings/defaults").GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"model\":\"tiny\"", "\"temperature\":0.7", "\"top_p\":null",
				"\"max_tokens\":1024", "\"context_window\":4096");
		assertThat(backend.last("GET /generation/defaults").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void savingWithoutThePagesCsrfTokenIsRefused() throws Exception {
		HttpResponse<String> response = this.browser.send(this.browser.request("/api/chats/7/settings")
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{\"temperature\":1}")));
		assertProblem(response, 403, "This page has expired. Reload it and try again.");
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("PATCH"));
	}

	private HttpResponse<String> patch(String path, String body) throws Exception {
		return this.browser.send(this.browser.json("PATCH", path, body));
	}

	private static void assertField(HttpResponse<String> response, String field, String detail) {
		assertProblem(response, 422, detail);
		assertThat(response.body()).contains("\"field\":\"" + field + "\"");
	}

}
