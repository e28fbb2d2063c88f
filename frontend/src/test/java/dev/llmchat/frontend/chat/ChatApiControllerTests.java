package dev.llmchat.frontend.chat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.llmchat.frontend.BrowserSession;
import dev.llmchat.frontend.FrontendTestSupport;

import static dev.llmchat.frontend.BrowserSession.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON API over real HTTP, the way the chat page's scripts use it: session cookie and CSRF header.
 */
class ChatApiControllerTests extends FrontendTestSupport {

	private static final String START = "id: 1\ndata: {\"type\":\"start\",\"message_id\":11,\"model\":\"tiny\"}\n\n";

	private static final String DONE = "id: 4\ndata: {\"type\":\"done\",\"message_id\":11,\"finish_reason\":\"stop\","
			+ "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2},\"ttft_ms\":40,\"duration_ms\":90}\n\n";

	@LocalServerPort
	int port;

	private BrowserSession session;

	private HttpClient browser;

	private String csrfToken;

	@BeforeEach
	void logIn() throws Exception {
		this.session = BrowserSession.signIn(this.port, backend);
		this.browser = this.session.client();
		this.csrfToken = this.session.csrfToken();
	}

	@Test
	void streamRelaysTheBackendsEventsByteForByteAsTheyArrive() throws Exception {
		// an event split inside its JSON and inside a two-byte character, then a pause before the end
		String first = START + "id: 2\ndata: {\"type\":\"token\",\"chunk\":\"Ol";
		String second = "á\"}\n\nid: 3\ndata: {\"type\":\"token\",\"chunk\":\" mundo\"}\n\n";
		backend.stream("POST /generate", Duration.ofMillis(400), first, second, DONE);

		long started = System.nanoTime();
		HttpResponse<InputStream> response = this.browser.send(json("/api/stream",
				"{\"chat_id\":7,\"prompt\":\"Say hi <script>\",\"model\":\"tiny\"}"), BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		try (InputStream body = response.body()) {
			byte[] firstBytes = readAtLeast(body, 10);
			long firstMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			byte[] rest = body.readAllBytes();
			long allMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			String relayed = new String(concat(firstBytes, rest), StandardCharsets.UTF_8);
			assertThat(relayed).isEqualTo(first + second + DONE);
			assertThat(allMillis - firstMillis).as("the first bytes came before the stream ended").isGreaterThan(500);
		}
		assertThat(backend.last("POST /generate").header("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(backend.last("POST /generate").body())
			.isEqualTo("{\"chat_id\":7,\"prompt\":\"Say hi <script>\",\"model\":\"tiny\",\"stream\":true}");
	}

	@Test
	void aBrowserThatLeavesEndsTheBackendsStream() throws Exception {
		String token = "id: 2\ndata: {\"type\":\"token\",\"chunk\":\" word\"}\n\n";
		String[] pieces = Stream.concat(Stream.of(START), Stream.generate(() -> token).limit(100))
			.toArray(String[]::new);
		backend.stream("POST /generate", Duration.ofMillis(50), pieces);
		int hangUpsBefore = backend.hangUps();

		HttpResponse<InputStream> response = this.browser.send(json("/api/stream",
				"{\"chat_id\":7,\"prompt\":\"hi\"}"), BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			assertThat(new String(readAtLeast(body, START.length()), StandardCharsets.UTF_8)).isEqualTo(START);
		}
		await().atMost(Duration.ofSeconds(4)).until(() -> backend.hangUps() > hangUpsBefore);
	}

	@Test
	void aRefusalBeforeTheStreamKeepsTheBackendsStatusAndProblem() throws Exception {
		backend.problem("POST /generate", 409, "An answer is already being written in this chat.");
		HttpResponse<String> busy = send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"hi\"}"));
		assertThat(busy.statusCode()).isEqualTo(409);
		assertThat(busy.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(busy.body()).contains("\"detail\":\"An answer is already being written in this chat.\"");

		backend.problem("POST /generate", 503, "The model server at http://127.0.0.1:9/v1 cannot be reached.");
		HttpResponse<String> down = send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"hi\"}"));
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.body()).contains("cannot be reached");

		backend.empty("POST /generate", 504);
		HttpResponse<String> slow = send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"hi\"}"));
		assertThat(slow.statusCode()).isEqualTo(504);
		assertThat(slow.body()).contains("\"detail\":\"The chat service could not do that. Try again in a moment.\"");
	}

	@Test
	void generateRelaysTheWholeAnswer() throws Exception {
		String answer = "{\"chat_id\":7,\"model\":\"tiny\",\"prompt\":\"hi\",\"resposta\":\"Olá\",\"stream\":false}";
		backend.json("POST /generate", 200, answer);
		HttpResponse<String> response = send(json("/api/generate", "{\"chat_id\":7,\"prompt\":\"hi\"}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(answer);
		assertThat(backend.last("POST /generate").body())
			.isEqualTo("{\"chat_id\":7,\"prompt\":\"hi\",\"stream\":false}");
	}

	@Test
	void attachPassesLastEventIdAndRelaysTheRest() throws Exception {
		backend.stream("GET /chats/7/generation", Duration.ZERO, DONE);
		HttpResponse<String> response = send(request("/api/chats/7/generation").header("Last-Event-ID", "3").GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(DONE);
		assertThat(backend.last("GET /chats/7/generation").header("Last-Event-ID")).isEqualTo("3");
	}

	@Test
	void attachAnswers204WhenNothingRuns() throws Exception {
		backend.empty("GET /chats/7/generation", 204);
		HttpResponse<String> response = send(request("/api/chats/7/generation").GET());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(backend.last("GET /chats/7/generation").header("Last-Event-ID")).isNull();
	}

	@Test
	void stopAsksTheBackendToStop() throws Exception {
		backend.empty("POST /chats/7/generation/stop", 204);
		HttpResponse<String> response = send(request("/api/chats/7/stop").header("X-CSRF-TOKEN", this.csrfToken)
			.POST(BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(backend.last("POST /chats/7/generation/stop").header("Authorization")).isEqualTo("Bearer " + TOKEN);
	}

	@Test
	void theChatListIsTheBackendsNewestFirstAndSearchesByTheStrippedWords() throws Exception {
		String chats = "[{\"id\":8,\"title\":\"Trip <b>\",\"created_at\":\"2026-01-30T10:00:00Z\","
				+ "\"updated_at\":\"2026-01-31T14:03:12Z\",\"message_count\":3}]";
		backend.json("GET /chats", 200, chats);
		HttpResponse<String> response = send(get("/api/chats?q=%20%20trip%20"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"id\":8", "\"title\":\"Trip <b>\"", "\"message_count\":3",
				"\"updated_at\":\"2026-01-31T14:03:12Z\"");
		assertThat(backend.last("GET /chats").query()).isEqualTo("q=trip");
		assertThat(backend.last("GET /chats").header("Authorization")).isEqualTo("Bearer " + TOKEN);

		send(get("/api/chats?q=" + "x".repeat(500)));
		assertThat(backend.last("GET /chats").query()).isEqualTo("q=" + "x".repeat(200));
		send(get("/api/chats"));
		assertThat(backend.last("GET /chats").query()).isNull();
	}

	@Test
	void aNewChatIsCreatedWithTheBackendsDefaultsWhenItsFirstMessageIsSent() throws Exception {
		backend.json("POST /chats", 201, """
				{"id":12,"title":"New chat","created_at":"2026-01-30T10:00:00Z","updated_at":"2026-01-30T10:00:00Z",
				 "messages":[]}""");
		HttpResponse<String> response = send(request("/api/chats").header("X-CSRF-TOKEN", this.csrfToken)
			.POST(BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"id\":12", "\"title\":\"New chat\"");
		assertThat(backend.last("POST /chats").body()).isEqualTo("{}");
	}

	@Test
	void renameSendsTheStrippedTitleAndAnswersNoContent() throws Exception {
		backend.json("PATCH /chats/7", 200, "{\"id\":7,\"title\":\"Lisbon\"}");
		HttpResponse<String> response = send(changing("/api/chats/7/title", "PUT", "{\"title\":\"  Lisbon \"}"));
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(backend.last("PATCH /chats/7").body()).isEqualTo("{\"title\":\"Lisbon\"}");
	}

	@Test
	void aBlankOrTooLongTitleIsRefusedAndNeverReachesTheBackend() throws Exception {
		String tooLong = "{\"title\":\"" + "t".repeat(201) + "\"}";
		for (String body : new String[] { "{\"title\":\"   \"}", "{}", tooLong }) {
			assertProblem(send(changing("/api/chats/7/title", "PUT", body)), 422,
					"A title needs 1 to 200 characters.");
		}
		assertProblem(send(changing("/api/chats/7/title", "PUT", "[1,2]")), 400, "The request could not be read.");
		assertProblem(send(changing("/api/chats/x/title", "PUT", "{\"title\":\"a\"}")), 400,
				"The request could not be read.");
		assertThat(backend.received()).noneMatch((request) -> request.route().startsWith("PATCH"));
	}

	@Test
	void deleteAsksTheBackendAndAnotherPersonsChatStaysA404() throws Exception {
		backend.empty("DELETE /chats/7", 204);
		assertThat(send(changing("/api/chats/7", "DELETE", null)).statusCode()).isEqualTo(204);
		assertThat(backend.last("DELETE /chats/7").header("Authorization")).isEqualTo("Bearer " + TOKEN);

		backend.problem("DELETE /chats/8", 404, "Chat not found.");
		assertProblem(send(changing("/api/chats/8", "DELETE", null)), 404, "Chat not found.");
		backend.problem("PATCH /chats/8", 404, "Chat not found.");
		assertProblem(send(changing("/api/chats/8/title", "PUT", "{\"title\":\"Mine now\"}")), 404,
				"Chat not found.");
	}

	@Test
	void changesToTheChatListWithoutTheCsrfHeaderAreRefused() throws Exception {
		HttpResponse<String> create = send(request("/api/chats").POST(BodyPublishers.noBody()));
		assertProblem(create, 403, "This page has expired. Reload it and try again.");
		HttpResponse<String> rename = send(request("/api/chats/7/title").header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"title\":\"x\"}")));
		assertThat(rename.statusCode()).isEqualTo(403);
		HttpResponse<String> delete = send(request("/api/chats/7").header("X-CSRF-TOKEN", "forged").DELETE());
		assertThat(delete.statusCode()).isEqualTo(403);
		assertThat(backend.received()).noneMatch((request) -> request.route().matches("(POST|PATCH|DELETE) /chats.*"));
	}

	@Test
	void wrongMissingHugeAndHostileInputGetsAClearProblemAndNeverReachesTheBackend() throws Exception {
		assertProblem(send(json("/api/stream", "{\"prompt\":\"hi\"}")), 422, "The chat is missing or not valid.");
		assertProblem(send(json("/api/stream", "{\"chat_id\":-3,\"prompt\":\"hi\"}")), 422,
				"The chat is missing or not valid.");
		assertProblem(send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"   \"}")), 422, "Write a message first.");
		assertProblem(send(json("/api/generate", "{\"chat_id\":7}")), 422, "Write a message first.");
		assertProblem(send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"" + "p".repeat(100_001) + "\"}")), 413,
				"The message is too long.");
		assertProblem(send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"hi\",\"model\":\"" + "m".repeat(300)
				+ "\"}")), 422, "The model name is not valid.");
		assertProblem(send(json("/api/stream", "{\"chat_id\":\"seven\",\"prompt\":\"hi\"}")), 400,
				"The request could not be read.");
		assertProblem(send(json("/api/stream", "{not json")), 400, "The request could not be read.");
		assertProblem(send(json("/api/stream", "")), 400, "The request could not be read.");
		assertProblem(send(request("/api/chats/7/generation").header("Last-Event-ID", "1; drop table").GET()), 400,
				"The Last-Event-ID header must be a number.");
		assertProblem(send(request("/api/chats/abc/generation").GET()), 400, "The request could not be read.");
		HttpResponse<String> form = send(request("/api/stream").header("X-CSRF-TOKEN", this.csrfToken)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("chat_id=7&prompt=hi")));
		assertThat(form.statusCode()).isEqualTo(415);
		assertThat(form.body()).doesNotContain("Exception").doesNotContain("at dev.llmchat");
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("generat"));
	}

	@Test
	void postsWithoutTheCsrfHeaderAreRefusedAsProblems() throws Exception {
		HttpResponse<String> response = send(request("/api/stream").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"chat_id\":7,\"prompt\":\"hi\"}")));
		assertProblem(response, 403, "This page has expired. Reload it and try again.");
		HttpResponse<String> stop = send(request("/api/chats/7/stop").POST(BodyPublishers.noBody()));
		assertThat(stop.statusCode()).isEqualTo(403);
		assertThat(backend.received()).noneMatch((request) -> request.route().contains("generat"));
	}

	@Test
	void strangersGet401ProblemsNotRedirects() throws Exception {
		HttpClient stranger = HttpClient.newHttpClient();
		HttpResponse<String> response = stranger.send(request("/api/chats/7/generation").GET().build(),
				BodyHandlers.ofString());
		assertProblem(response, 401, "You are not logged in. Log in again.");
	}

	@Test
	void anExpiredTokenEndsTheSession() throws Exception {
		backend.problem("POST /generate", 401, "Not authenticated.");
		assertProblem(send(json("/api/stream", "{\"chat_id\":7,\"prompt\":\"hi\"}")), 401,
				"Your session has expired. Log in again.");
		HttpResponse<String> dashboard = send(get("/dashboard"));
		assertThat(dashboard.statusCode()).isEqualTo(302);
		assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
	}

	private HttpRequest.Builder request(String path) {
		return this.session.request(path);
	}

	private HttpRequest.Builder get(String path) {
		return request(path).GET();
	}

	private HttpRequest json(String path, String body) {
		return this.session.json("POST", path, body);
	}

	private HttpRequest changing(String path, String method, String body) {
		return request(path).header("Content-Type", "application/json")
			.header("X-CSRF-TOKEN", this.csrfToken)
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody())
			.build();
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.session.send(request);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.session.send(request);
	}

	private static byte[] readAtLeast(InputStream in, int count) throws IOException {
		byte[] bytes = new byte[count];
		int read = 0;
		while (read < count) {
			int n = in.read(bytes, read, count - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		return bytes;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
