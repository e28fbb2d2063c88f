package dev.llmchat.frontend.backend;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.llmchat.frontend.system.FrontendProperties;

/**
 * The pages' client of the backend's REST API (blocking, which is cheap on virtual threads).
 *
 * <p>Every failure comes out as one of this package's exceptions: {@link SessionExpiredException} for a
 * refused token, {@link BackendNotFoundException} for a 404, {@link BackendProblemException} for another
 * error status, {@link BackendUnavailableException} when the backend cannot be reached.
 */
@Component
public class BackendClient {

	private final RestClient rest;

	private final RestClient probe;

	private final RestClient generation;

	private final ProblemReader problems;

	BackendClient(RestClient.Builder builder, FrontendProperties properties, ProblemReader problems) {
		String baseUrl = properties.backendUrl().toString();
		this.rest = builder.clone()
			.baseUrl(baseUrl)
			.requestFactory(requestFactory(properties.connectTimeout(), properties.readTimeout()))
			.build();
		Duration probeConnect = min(properties.connectTimeout(), properties.healthTimeout());
		this.probe = builder.clone()
			.baseUrl(baseUrl)
			.requestFactory(requestFactory(probeConnect, properties.healthTimeout()))
			.build();
		// a whole answer without streaming takes as long as the model writes: the stream's limit applies
		this.generation = builder.clone()
			.baseUrl(baseUrl)
			.requestFactory(requestFactory(properties.connectTimeout(), properties.streamTimeout()))
			.build();
		this.problems = problems;
	}

	/**
	 * @param clientAddress the browser's address, passed on in {@code X-Forwarded-For}: the backend throttles failed
	 * logins per address, and without it every browser would share the frontend's
	 */
	public AccessToken login(String email, String password, String clientAddress) {
		return call(() -> this.rest.post()
			.uri("/auth/login")
			.header("X-Forwarded-For", clientAddress)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, false))
			.body(AccessToken.class));
	}

	public void register(String email, String password, String fullName) {
		Map<String, String> body = (fullName == null || fullName.isBlank())
				? Map.of("email", email, "password", password)
				: Map.of("email", email, "password", password, "full_name", fullName);
		call(() -> this.rest.post()
			.uri("/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, false))
			.toBodilessEntity());
	}

	public List<ChatSummary> chats(String token, String query) {
		return call(() -> this.rest.get()
			.uri((uri) -> (query == null || query.isBlank()) ? uri.path("/chats").build()
					: uri.path("/chats").queryParam("q", "{q}").build(query.strip()))
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(new ParameterizedTypeReference<List<ChatSummary>>() {
			}));
	}

	public Chat createChat(String token, NewChat chat) {
		return call(() -> this.rest.post()
			.uri("/chats")
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(chat)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(Chat.class));
	}

	/** The chat with its messages. */
	public Chat chat(String token, long chatId) {
		return call(() -> this.rest.get()
			.uri("/chats/{id}", chatId)
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(Chat.class));
	}

	public void renameChat(String token, long chatId, String title) {
		call(() -> this.rest.patch()
			.uri("/chats/{id}", chatId)
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", title))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.toBodilessEntity());
	}

	public void deleteChat(String token, long chatId) {
		call(() -> this.rest.delete()
			.uri("/chats/{id}", chatId)
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.toBodilessEntity());
	}

	public Models models(String token) {
		return call(() -> this.rest.get()
			.uri("/models")
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(Models.class));
	}

	/** Shows the chat's branch through {@code messageId}; the chat comes back with that branch's messages. */
	public Chat switchBranch(String token, long chatId, long messageId) {
		return call(() -> this.rest.put()
			.uri("/chats/{id}/branch", chatId)
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message_id", messageId))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(Chat.class));
	}

	/** Replaces the chat's settings; a {@code null} setting is cleared, so the server's default applies. */
	public Chat updateSettings(String token, long chatId, ChatSettings settings) {
		return call(() -> this.rest.patch()
			.uri("/chats/{id}", chatId)
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(settings)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(Chat.class));
	}

	public GenerationDefaults generationDefaults(String token) {
		return call(() -> this.rest.get()
			.uri("/generation/defaults")
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(GenerationDefaults.class));
	}

	/** One chat as a file, in {@code format} ({@code json} or {@code markdown}). */
	public Download exportChat(String token, long chatId, String format) {
		return download(token, "/chats/" + chatId + "/export?format=" + format);
	}

	/** All of the person's chats as one JSON file. */
	public Download exportChats(String token) {
		return download(token, "/chats/export");
	}

	/** Takes the chats of an export (ours or ChatGPT's) as new chats of the person. */
	public ImportResult importChats(String token, byte[] json) {
		return call(() -> this.generation.post()
			.uri("/chats/import")
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.body(ImportResult.class));
	}

	/** Revokes every token of the account issued until now: every browser and script signed in with it. */
	public void logoutEverywhere(String token) {
		call(() -> this.rest.post()
			.uri("/auth/logout-all")
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.toBodilessEntity());
	}

	/** Asks the backend to stop the chat's running generation; nothing happens when none runs. */
	public void stopGeneration(String token, long chatId) {
		call(() -> this.rest.post()
			.uri("/chats/{id}/generation/stop", chatId)
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, true))
			.toBodilessEntity());
	}

	/**
	 * Runs a prompt without streaming and hands back the backend's answer as it came, to relay unchanged.
	 */
	public ResponseEntity<byte[]> generate(String token, GenerateRequest request) {
		return call(() -> this.generation.post()
			.uri("/generate")
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(request)
			.exchange((clientRequest, response) -> {
				if (response.getStatusCode().isError()) {
					fail(response, true);
				}
				MediaType type = response.getHeaders().getContentType();
				return ResponseEntity.status(response.getStatusCode())
					.contentType((type != null) ? type : MediaType.APPLICATION_JSON)
					.body(response.getBody().readAllBytes());
			}));
	}

	/** The backend's health, asked with a short timeout. */
	public BackendHealth health() {
		return call(() -> this.probe.get()
			.uri("/health")
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> fail(response, false))
			.body(BackendHealth.class));
	}

	private Download download(String token, String path) {
		return call(() -> this.generation.get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange((clientRequest, response) -> {
				if (response.getStatusCode().isError()) {
					fail(response, true);
				}
				HttpHeaders headers = response.getHeaders();
				return new Download(response.getBody().readAllBytes(), headers.getContentType(),
						fileName(headers.getFirst(HttpHeaders.CONTENT_DISPOSITION)));
			}));
	}

	/** The file name a {@code Content-Disposition} header suggests, or {@code null} when it has none or is broken. */
	private static String fileName(String disposition) {
		if (disposition == null) {
			return null;
		}
		try {
			return ContentDisposition.parse(disposition).getFilename();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void fail(ClientHttpResponse response, boolean authenticated) throws IOException {
		HttpHeaders headers = response.getHeaders();
		throw this.problems.translate(response.getStatusCode(), headers.getContentType(),
				response.getBody().readAllBytes(), authenticated);
	}

	private static <T> T call(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (ResourceAccessException ex) {
			throw new BackendUnavailableException("The backend cannot be reached", ex);
		}
	}

	private static JdkClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout) {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(readTimeout);
		return factory;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
