package dev.llmchat.backend.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits that need their own settings, over real HTTP: generations per user per minute, failed logins per
 * client address (and correct ones arriving all at once from one address), a configured request size and CORS from
 * {@code CORS_ORIGINS}. One Spring context with small limits, its own database and its own simulator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "llmchat.generation.per-user-per-minute=3",
				"llmchat.auth.max-failures-per-address=4", "llmchat.auth.max-failures-per-account=100",
				// a hundred logins at once on a test machine shared with other builds may take longer than the default 20 s
				"llmchat.auth.max-login-wait=120s",
				"llmchat.max-request-bytes=4KB",
				"llmchat.cors-origins=[\"http://localhost:5001\",\"https://chat.example\"]" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThrottlingAndCorsTests {

	private static final VllmSimulator simulator = VllmSimulator
		.start(SimulatorConfig.defaults().withTokensPerSecond(400).withAnswerTokens(8));

	@LocalServerPort
	int port;

	private ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		BackendTest.ownDatabaseAndModelServer(registry, simulator::baseUrl);
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@Test
	@Order(1)
	void aUserPastTheirGenerationsPerMinuteGets429WithRetryAfterAndNothingIsStored() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		for (int i = 0; i < 3; i++) {
			assertThat(this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "answer " + i)).status())
				.isEqualTo(200);
		}
		for (boolean stream : new boolean[] { false, true }) {
			Response refused = this.api.post("/generate", token,
					Map.of("chat_id", chat, "prompt", "one too many", "stream", stream));
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
			assertThat(refused.json().path("detail").asString()).contains("3 answers in the last minute");
		}
		assertThat(this.api.get("/chats/" + chat + "/messages", token).json().size()).isEqualTo(6);

		String other = this.api.newUser();
		long otherChat = this.api.newChat(other, Map.of());
		assertThat(this.api.post("/generate", other, Map.of("chat_id", otherChat, "prompt", "my first")).status())
			.isEqualTo(200);
	}

	@Test
	@Order(2)
	void theRequestSizeLimitIsConfigurable() {
		String token = this.api.newUser();
		Response refused = this.api.post("/chats", token, Map.of("title", "x".repeat(5000)));
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.json().path("detail").asString()).contains("most accepted is 4096 bytes");
		assertThat(this.api.post("/chats", token, Map.of("title", "x".repeat(3000))).status()).isEqualTo(422);
	}

	@Test
	@Order(3)
	void aListedOriginIsAllowedWithCredentialsAndAnUnlistedOneIsNot() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> allowed = http.send(preflight("https://chat.example"), HttpResponse.BodyHandlers.ofString());
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://chat.example");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

		HttpResponse<String> simple = http.send(HttpRequest.newBuilder(uri("/health")).header("Origin", "http://localhost:5001")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5001");

		for (HttpRequest request : new HttpRequest[] { preflight("https://evil.example"),
				HttpRequest.newBuilder(uri("/health")).header("Origin", "https://evil.example").build() }) {
			HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
			assertThat(refused.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		}
	}

	/**
	 * An office behind one address signs in at nine: with 4 failures allowed per address, 4 logins are checked at a
	 * time and the others wait their turn; none is refused, and none waits longer than the password hashing of all
	 * the logins could take one after another (a generous bound: the server hashes on every core).
	 */
	@Test
	@Order(4)
	void aHundredCorrectLoginsAtOnceFromOneAddressAllGetInWithinTheHashingWorkAheadOfThem() throws Exception {
		int people = 100;
		List<String> emails = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> registered = new ArrayList<>();
			for (int i = 0; i < people; i++) {
				String email = "office-" + i + "-" + UUID.randomUUID() + "@example.com";
				emails.add(email);
				registered.add(threads.submit(() -> this.api
					.post("/auth/register", null, Map.of("email", email, "password", "nine o'clock")).status()));
			}
			for (Future<Integer> status : registered) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		Duration single = Duration.ZERO;
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			assertThat(login(emails.get(i), "192.0.2.200").status()).isEqualTo(200);
			single = longer(single, Duration.ofNanos(System.nanoTime() - start));
		}

		CountDownLatch nine = new CountDownLatch(1);
		List<Future<Timed>> logins = new ArrayList<>();
		try (ExecutorService office = Executors.newVirtualThreadPerTaskExecutor()) {
			for (String email : emails) {
				logins.add(office.submit(() -> {
					nine.await();
					long start = System.nanoTime();
					Response response = login(email, "192.0.2.100");
					return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
				}));
			}
			nine.countDown();
		}
		Duration bound = single.multipliedBy(people).plusSeconds(2);
		for (Future<Timed> login : logins) {
			Timed timed = login.get();
			assertThat(timed.response().status()).as("%s", timed.response()).isEqualTo(200);
			assertThat(timed.took()).as("one login of %s, alone: %s ms", people, single.toMillis())
				.isLessThanOrEqualTo(bound);
		}
	}

	/** Last: afterwards this address may not log in for the rest of the window. */
	@Test
	@Order(5)
	void failedLoginsFromOneAddressAcrossAccountsAreThrottledWith429AndRetryAfter() {
		String email = "real-" + UUID.randomUUID() + "@example.com";
		assertThat(this.api.post("/auth/register", null, Map.of("email", email, "password", "password1")).status())
			.isEqualTo(200);
		for (int i = 0; i < 4; i++) {
			Response failed = this.api.post("/auth/login", null,
					Map.of("email", "guess-" + i + "@example.com", "password", "password" + i));
			assertThat(failed.status()).isEqualTo(401);
		}
		// even the right password of another account: the address is throttled, not the account
		Response throttled = this.api.post("/auth/login", null, Map.of("email", email, "password", "password1"));
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(14 * 60L, 15 * 60L);
		assertThat(throttled.json().path("detail").asString()).contains("Too many failed logins");
	}

	/** A login relayed by the frontend for a browser at {@code address}, which the backend believes from loopback. */
	private Response login(String email, String address) {
		return this.api.send(this.api.request("/auth/login")
			.header("X-Forwarded-For", address)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString(ApiClient.json().writeValueAsString(Map.of("email", email, "password", "nine o'clock")))));
	}

	private static Duration longer(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

	private record Timed(Response response, Duration took) {
	}

	private HttpRequest preflight(String origin) {
		return HttpRequest.newBuilder(uri("/chats"))
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
