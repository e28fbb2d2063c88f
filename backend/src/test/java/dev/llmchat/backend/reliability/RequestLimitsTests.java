package dev.llmchat.backend.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies over {@code llmchat.max-request-bytes} (256 KiB by default) are refused with 413 problem+json whether they
 * declare their length or stream it chunked, and deeply nested JSON is a 400, never a 500 or a stack overflow.
 */
class RequestLimitsTests extends BackendTest {

	private static final int LIMIT = 256 * 1024;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aDeclaredContentLengthOverTheLimitIs413AtOnceWithoutTheBodyBeingRead() throws IOException {
		String token = this.api.newUser();
		for (String path : List.of("/auth/register", "/auth/login", "/chats", "/generate")) {
			// a gigabyte is announced and never sent: the answer must not wait for it
			String answer = rawExchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
					+ "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"email\":");
			assertThat(answer).as(path).startsWith("HTTP/1.1 413");
			assertThat(answer).as(path).containsIgnoringCase("Content-Type: application/problem+json");
			assertThat(answer).as(path).contains("1000000000 bytes", "most accepted is " + LIMIT);
		}
	}

	@Test
	void theImportOfChatsTakesFilesOverTheRequestLimitUpToItsOwnLimit() throws IOException {
		String token = this.api.newUser();
		String answer = rawExchange("POST /chats/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
				+ "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n[");
		assertThat(answer).startsWith("HTTP/1.1 413");
		assertThat(answer).contains("most accepted is " + 20 * 1024 * 1024);

		StringBuilder messages = new StringBuilder();
		for (int key = 1; key <= 20; key++) {
			messages.append(key == 1 ? "" : ",").append("{\"key\":").append(key).append(",\"parent\":")
				.append(key == 1 ? "null" : key - 1).append(",\"role\":\"user\",\"content\":\"")
				.append("x".repeat(30_000)).append("\"}");
		}
		String file = "{\"format\":\"llmchat-chat\",\"version\":1,\"chat\":{\"title\":\"big\",\"messages\":["
				+ messages + "]}}";
		assertThat(file.length()).isGreaterThan(2 * LIMIT);
		Response imported = this.api.postRaw("/chats/import", token, "application/json", file);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().path("imported").get(0).path("messages").asInt()).isEqualTo(20);
		assertThat(this.api.post("/chats", token, Map.of("title", "x".repeat(LIMIT))).status()).isEqualTo(413);
	}

	@Test
	void aBodyOverTheLimitWithItsLengthDeclaredIs413Problem() throws Exception {
		String token = this.api.newUser();
		String body = "{\"title\":\"" + "x".repeat(LIMIT) + "\"}";
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/chats"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(ApiClient.json().readTree(response.body()).path("detail").asString()).contains("most accepted is " + LIMIT);
		assertThat(this.api.get("/chats", token).json().size()).isZero();
	}

	@Test
	void aChunkedBodyIsCountedAsItArrivesAndRefusedPastTheLimit() throws Exception {
		String token = this.api.newUser();
		byte[] over = ("{\"title\":\"" + "x".repeat(LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/chats"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(chunked(over)));
		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(ApiClient.json().readTree(refused.body()).path("detail").asString()).contains("larger than the " + LIMIT);

		byte[] small = "{\"title\":\"sent in chunks\"}".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/chats"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(chunked(small)));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertThat(ApiClient.json().readTree(accepted.body()).path("title").asString()).isEqualTo("sent in chunks");
		assertThat(this.api.get("/chats", token).json().size()).isEqualTo(1);
	}

	@Test
	void aBodyJustUnderTheLimitReachesTheApplicationsOwnValidation() {
		String token = this.api.newUser();
		Response response = this.api.post("/chats", token, Map.of("title", "x".repeat(LIMIT - 100)));
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().path("detail").asString()).contains("title");
	}

	@Test
	void deeplyNestedJsonIsA400OnEveryJsonRouteNeverA500() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		List<String> bodies = List.of("[".repeat(100_000), "{\"a\":".repeat(40_000) + "1" + "}".repeat(40_000),
				"{\"title\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
				"{\"email\":\"a@b.example\",\"password\":" + "{\"x\":".repeat(2_000) + "1" + "}".repeat(2_001),
				"{\"chat_id\":" + chat + ",\"prompt\":\"hi\",\"options\":" + "{\"t\":".repeat(3_000) + "1"
						+ "}".repeat(3_001));
		for (String path : List.of("/auth/register", "/auth/login", "/chats", "/generate")) {
			for (String body : bodies) {
				Response response = this.api.postRaw(path, token, "application/json", body);
				assertThat(response.status()).as(path + " " + body.substring(0, 20)).isEqualTo(400);
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			}
		}
		for (String body : bodies) {
			Response response = send(this.api, "PATCH", "/chats/" + chat, token, body);
			assertThat(response.status()).as("PATCH " + body.substring(0, 20)).isEqualTo(400);
		}
		// nesting within Jackson's limits is still no 500: it is the wrong shape
		String shallow = "{\"title\":" + "[".repeat(400) + "]".repeat(400) + "}";
		assertThat(this.api.postRaw("/chats", token, "application/json", shallow).status()).isEqualTo(400);
		assertThat(send(this.api, "PATCH", "/chats/" + chat, token, shallow).status()).isEqualTo(400);
		assertThat(this.api.get("/chats/" + chat, token).json().path("title").asString()).isEqualTo("New chat");
	}

	@Test
	void textThatIsNotValidUnicodeOrHoldsANulIsA400ProblemAndNothingIsStored() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		for (String text : List.of("\"\\ud800\"", "\"a\\udfffb\"", "\"\\ud83c\"", "\"a\\u0000b\"")) {
			Response prompt = this.api.postRaw("/generate", token, "application/json",
					"{\"chat_id\":" + chat + ",\"prompt\":" + text + "}");
			assertThat(prompt.status()).as(text).isEqualTo(400);
			assertThat(prompt.json().path("detail").asString()).contains("NUL character").contains("not valid Unicode");
			assertThat(this.api.postRaw("/chats", token, "application/json", "{\"title\":" + text + "}").status())
				.isEqualTo(400);
			assertThat(this.api.patch("/chats/" + chat, token, "{\"title\":" + text + "}").status()).isEqualTo(400);
		}
		assertThat(this.api.get("/chats/" + chat + "/messages", token).json().size()).isZero();
		assertThat(this.api.get("/chats", token).json().size()).isEqualTo(1);
		// a proper pair (an emoji) is of course fine
		Response emoji = this.api.postRaw("/chats", token, "application/json", "{\"title\":\"\\ud83c\\udf89\"}");
		assertThat(emoji.status()).isEqualTo(200);
		assertThat(emoji.json().path("title").asString()).isEqualTo("🎉");
	}

	@Test
	void addressesRefusedBeforeTheApplicationAreProblemDetailsToo() {
		String token = this.api.newUser();
		for (String path : List.of("/chats/%00", "/chats/..%2F..%2Fauth%2Fme", "/chats/%0A", "/chats/%0D%0Ax",
				"/chats;jsessionid=1/x", "/chats/%252e%252e")) {
			Response response = this.api.get(path, token);
			assertThat(response.status()).as(path).isBetween(400, 404);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
			assertThat(response.json().path("detail").asString()).as(path).isNotBlank();
			assertThat(response.body()).as(path).doesNotContain("Tomcat", "<html", "Exception");
		}
	}

	@Test
	void aTokenWhoseHeaderIsDeeplyNestedJsonIsA401() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString(("{\"alg\":" + "[".repeat(2_500) + "]".repeat(2_500) + "}")
			.getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString("{\"sub\":\"1\"}".getBytes(StandardCharsets.UTF_8));
		Response response = this.api.get("/auth/me", header + "." + payload + ".c2ln");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
	}

	private static Response send(ApiClient api, String method, String path, String token, String rawBody) {
		return method.equals("PATCH") ? api.patch(path, token, rawBody) : api.postRaw(path, token, "application/json", rawBody);
	}

	private String rawExchange(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[16384];
			StringBuilder answer = new StringBuilder();
			int read;
			while (!answer.toString().contains("\r\n\r\n{") || !answer.toString().endsWith("}")) {
				read = in.read(buffer);
				if (read < 0) {
					break;
				}
				answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
			}
			return answer.toString();
		}
	}

	private static HttpRequest.BodyPublisher chunked(byte[] body) {
		// no declared length: the client sends Transfer-Encoding: chunked
		return HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(body));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
