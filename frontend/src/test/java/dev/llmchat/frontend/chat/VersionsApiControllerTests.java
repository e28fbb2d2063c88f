package dev.llmchat.frontend.chat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.llmchat.frontend.SignedInBrowserTestSupport;
import dev.llmchat.frontend.StubBackend;

import static dev.llmchat.frontend.BrowserSession.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edit, regenerate and branch switch over real HTTP, as versions.js uses them: session cookie and CSRF header.
 */
class VersionsApiControllerTests extends SignedInBrowserTestSupport {

	private static final String START = "id: 1\ndata: {\"type\":\"start\",\"message_id\":15,\"model\":\"tiny\"}\n\n";

	private static final String TOKEN_EVENT = "id: 2\ndata: {\"type\":\"token\",\"chunk\":\"Olá\"}\n\n";

	private static final String DONE = "id: 3\ndata: {\"type\":\"done\",\"message_id\":15,\"finish_reason\":\"stop\","
			+ "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1},\"ttft_ms\":40,\"duration_ms\":90}\n\n";

	/** The shown branch after switching to the first version of question 12: its answer 13 follows it. */
	private static final String BRANCH = """
			{"id":7,"title":"Trip","title_source":"model","created_at":"2026-01-30T10:00:00Z",
			 "updated_at":"2026-01-31T14:03:12Z","system_prompt":null,"model":"tiny","temperature":null,"top_p":0.9,
			 "max_tokens":null,"messages":[
			  {"id":12,"parent_id":null,"role":"user","content":"Hi <b>there</b>","status":"complete",
			   "created_at":"2026-01-30T10:00:01Z","version":1,"versions":2,"version_ids":[12,14]},
			  {"id":13,"parent_id":12,"role":"assistant","content":"Hello","status":"complete","model":"tiny",
			   "completion_tokens":1,"created_at":"2026-01-30T10:00:02Z","version":1,"versions":1,"version_ids":[13]}]}""";

	@Test
	void anEditedQuestionGoesToTheBackendAndItsAnswerStreamsBack() throws Exception {
		backend.stream("POST /chats/7/messages/12/edit", Duration.ofMillis(50), START, TOKEN_EVENT, DONE);
		HttpResponse<String> response = this.browser.send(this.browser.json("POST", "/api/chats/7/messages/12/edit",
				"{\"prompt\":\"Hi again <script>x</script>\",\"model\":\" tiny \"}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.body()).isEqualTo(START + TOKEN_EVENT + DONE);
		StubBackend.Received sent = backend.last("POST /chats/7/messages/12/edit");
		assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(sent.body()).isEqualTo("{\"content\":\"Hi again <script>x</script>\",\"model\":\"tiny\",\"stream\":true}");
	}

	@Test
	void aRegeneratedAnswerStreamsBackWithTheChatsModelUnlessOneIsNamed() throws Exception {
		backend.stream("POST /chats/7/messages/13/regenerate", Duration.ZERO, START, DONE);
		HttpResponse<String> response = this.browser.send(this.browser.json("POST",
				"/api/chats/7/messages/13/regenerate", "{\"model\":null}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(START + DONE);
		assertThat(backend.last("POST /chats/7/messages/13/regenerate").body()).isEqualTo("{\"stream\":true}");
	}

	@Test
	void switchingTheShownVersionAnswersTheConversationThatFollowsIt() throws Exception {
		backend.json("PUT /chats/7/branch", 200, BRANCH);
		HttpResponse<String> response = this.browser.send(this.browser.json("PUT", "/api/chats/7/branch",
				"{\"message_id\":12}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"version_ids\":[12,14]", "\"version\":1", "\"versions\":2",
				"\"parent_id\":12", "\"top_p\":0.9", "\"content\":\"Hi <b>there</b>\"");
		assertThat(backend.last("PUT /chats/7/branch").body()).isEqualTo("{\"message_id\":12}");
		assertThat(backend.last("PUT /chats/7/branch").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void theConversationIsReadAgainAfterAnAnswer() throws Exception {
		backend.json("GET /chats/7", 200, BRANCH);
		HttpResponse<String> response = this.browser.send(this.browser.request("/api/chats/7").GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"id\":12", "\"version_ids\":[12,14]", "\"title_source\":\"model\"");
	}

	@Test
	void anotherPersonsChatOrMessageIsTheBackends404() throws Exception {
		backend.problem("PUT /chats/8/branch", 404, "Chat not found.");
		backend.problem("POST /chats/8/messages/30/edit", 404, "Chat not found.");
		backend.problem("POST /chats/7/messages/99/regenerate", 404, "Message not found.");
		backend.problem("GET /chats/8", 404, "Chat not found.");
		assertProblem(this.browser.send(this.browser.json("PUT", "/api/chats/8/branch", "{\"message_id\":30}")), 404,
				"Chat not found.");
		assertProblem(this.browser.send(this.browser.json("POST", "/api/chats/8/messages/30/edit",
				"{\"prompt\":\"hi\"}")), 404, "Chat not found.");
		assertProblem(this.browser.send(this.browser.json("POST", "/api/chats/7/messages/99/regenerate", "{}")), 404,
				"Message not found.");
		assertProblem(this.browser.send(this.browser.request("/api/chats/8").GET()), 404, "Chat not found.");
	}

	@Test
	void theBackendsRefusalsKeepTheirStatusAndSentence() throws Exception {
		backend.problem("POST /chats/7/messages/13/edit", 422, "Only your own messages can be edited.");
		backend.problem("POST /chats/7/messages/12/regenerate", 422, "Only an answer can be written again.");
		backend.problem("PUT /chats/7/branch", 409, "An answer is being written in this chat; wait for it.");
		assertProblem(this.browser.send(this.browser.json("POST", "/api/chats/7/messages/13/edit",
				"{\"prompt\":\"hi\"}")), 422, "Only your own messages can be edited.");
		assertProblem(this.browser.send(this.browser.json("POST", "/api/chats/7/messages/12/regenerate", "{}")), 422,
				"Only an answer can be written again.");
		assertProblem(this.browser.send(this.browser.json("PUT", "/api/chats/7/branch", "{\"message_id\":14}")), 409,
				"An answer is being written in this chat; wait for it.");
	}

	@Test
	void wrongMissingHugeAndHostileInputGetsAClearProblemAndNeverReachesTheBackend() throws Exception {
		String unreadable = "The request could not be read.";
		assertProblem(send("POST", "/api/chats/abc/messages/12/edit", "{\"prompt\":\"hi\"}"), 400, unreadable);
		assertProblem(send("POST", "/api/chats/7/messages/99999999999999999999/edit", "{\"prompt\":\"hi\"}"), 400,
				unreadable);
		assertProblem(send("POST", "/api/chats/7/messages/12/edit", "{\"prompt\":\"  \"}"), 422,
				"Write a message first.");
		assertProblem(send("POST", "/api/chats/7/messages/12/edit", "{}"), 422, "Write a message first.");
		assertProblem(send("POST", "/api/chats/7/messages/12/edit", "{\"prompt\":\"" + "p".repeat(100_001) + "\"}"),
				413, "The message is too long.");
		assertProblem(send("POST", "/api/chats/7/messages/12/edit", "{\"prompt\":[\"hi\"]}"), 400, unreadable);
		assertProblem(send("POST", "/api/chats/7/messages/13/regenerate", "{\"model\":\"" + "m".repeat(201) + "\"}"),
				422, "The model name is not valid.");
		assertProblem(send("POST", "/api/chats/7/messages/13/regenerate", "not json"), 400, unreadable);
		assertProblem(send("PUT", "/api/chats/7/branch", "{\"message_id\":\"twelve\"}"), 400, unreadable);
		HttpResponse<String> negative = send("PUT", "/api/chats/7/branch", "{\"message_id\":-12}");
		assertProblem(negative, 422, "The message is missing or not valid.");
		assertThat(negative.body()).contains("\"field\":\"message_id\"");
		assertProblem(send("PUT", "/api/chats/7/branch", "{}"), 422, "The message is missing or not valid.");
		HttpResponse<String> form = this.browser.send(this.browser.request("/api/chats/7/branch")
			.header("X-CSRF-TOKEN", this.browser.csrfToken())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.PUT(BodyPublishers.ofString("message_id=12")));
		assertThat(form.statusCode()).isEqualTo(415);
		assertThat(form.body()).doesNotContain("Exception").doesNotContain("at dev.llmchat");
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("POST /chats/")
				|| request.route().startsWith("PUT /chats/"));
	}

	@Test
	void requestsWithoutThePagesCsrfTokenAreRefused() throws Exception {
		String forbidden = "This page has expired. Reload it and try again.";
		assertProblem(withoutCsrf("POST", "/api/chats/7/messages/12/edit", "{\"prompt\":\"hi\"}"), 403, forbidden);
		assertProblem(withoutCsrf("POST", "/api/chats/7/messages/13/regenerate", "{}"), 403, forbidden);
		assertProblem(withoutCsrf("PUT", "/api/chats/7/branch", "{\"message_id\":12}"), 403, forbidden);
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("/chats/7"));
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		return this.browser.send(this.browser.json(method, path, body));
	}

	private HttpResponse<String> withoutCsrf(String method, String path, String body) throws Exception {
		return this.browser.send(this.browser.request(path)
			.header("Content-Type", "application/json")
			.method(method, BodyPublishers.ofString(body)));
	}

}
