package dev.llmchat.system.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.system.AppProcess;
import dev.llmchat.system.TestStack;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend jar killed with SIGKILL in the middle of a streamed answer and started again on the same SQLite
 * file: the question is there, the answer is there up to its last second (a prefix of what the stream delivered,
 * at most ~1.5 s of tokens short) and marked interrupted, and the database file passes SQLite's integrity check
 * both as the crash left it and after the restarted backend stopped.
 */
class CrashRecoveryTests {

	private static final Duration START_DEADLINE = Duration.ofSeconds(180);

	/** The answer is flushed every 500 ms; this leaves room for a busy machine, not for a lost second. */
	private static final Duration MAY_MISS = Duration.ofMillis(1500);

	private static final String PROMPT = "Tell me a long story [[sim:tokens=3000]]";

	@TempDir
	Path data;

	@Test
	void afterSigkillMidAnswerTheRestartKeepsTheQuestionAndTheAnswerUpToItsLastSecondAsInterrupted() throws Exception {
		Path database = this.data.resolve("app.db");
		String secret = TestStack.randomSecret();
		int port = AppProcess.freePort();
		Http api = new Http("http://127.0.0.1:" + port);
		try (VllmSimulator simulator = VllmSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(20))) {
			AppProcess first = startBackend(port, database, secret, simulator, "backend-before-crash.log");
			String token;
			long chat;
			List<Token> delivered = new ArrayList<>();
			long killedAt;
			try {
				first.awaitHttp(URI.create(api.baseUrl() + "/health"), START_DEADLINE);
				assertThat(api.postJson("/auth/register", null, Map.of("email", "crash@example.com", "password", "password1"))
					.status()).isEqualTo(200);
				token = api.postJson("/auth/login", null, Map.of("email", "crash@example.com", "password", "password1"))
					.json()
					.path("access_token")
					.asString();
				chat = api.postJson("/chats", token, Map.of("title", "crash")).json().path("id").asLong();

				HttpResponse<InputStream> stream = api.openStream("/generate", token,
						Map.of("chat_id", chat, "prompt", PROMPT, "stream", true));
				assertThat(stream.statusCode()).isEqualTo(200);
				Thread reader = Thread.ofVirtual().start(() -> readTokens(stream, delivered));
				awaitTokensFor(delivered, Duration.ofMillis(2500));

				killedAt = System.nanoTime();
				ProcessHandle process = ProcessHandle.of(first.pid()).orElseThrow();
				assertThat(process.destroyForcibly()).as("SIGKILL sent").isTrue();
				process.onExit().get(30, TimeUnit.SECONDS);
				reader.join(Duration.ofSeconds(30));
			}
			finally {
				first.stop();
			}
			assertThat(integrityCheck(copyOfDatabase(database))).as("the file as the crash left it").isEqualTo("ok");

			String streamed = text(delivered, Long.MAX_VALUE);
			String dueBeforeCrash = text(delivered, killedAt - MAY_MISS.toNanos());
			assertThat(dueBeforeCrash).as("the stream ran long enough before the kill").isNotEmpty();

			AppProcess second = startBackend(port, database, secret, simulator, "backend-after-crash.log");
			try {
				second.awaitHttp(URI.create(api.baseUrl() + "/health"), START_DEADLINE);
				JsonNode messages = api.get("/chats/" + chat + "/messages", token).json();
				assertThat(messages.size()).isEqualTo(2);
				assertThat(messages.get(0).path("role").asString()).isEqualTo("user");
				assertThat(messages.get(0).path("content").asString()).isEqualTo(PROMPT);
				JsonNode answer = messages.get(1);
				assertThat(answer.path("status").asString()).isEqualTo("interrupted");
				String stored = answer.path("content").asString();
				System.out.printf("crash: the stream delivered %d characters, %d of them by %s before the kill; %d stored%n",
						streamed.length(), dueBeforeCrash.length(), MAY_MISS, stored.length());
				assertThat(streamed).as("the stored answer is what the stream delivered, up to where it was cut")
					.startsWith(stored);
				assertThat(stored.length()).as("stored %d characters, the stream had %d by %s before the kill and %d in all",
						stored.length(), dueBeforeCrash.length(), MAY_MISS, streamed.length())
					.isGreaterThanOrEqualTo(dueBeforeCrash.length());
				// the chat takes a new prompt after the crash
				assertThat(api.postJson("/generate", token, Map.of("chat_id", chat, "prompt", "still there? [[sim:tokens=5]]"))
					.status()).isEqualTo(200);
			}
			finally {
				second.stop();
			}
			assertThat(second.isAlive()).isFalse();
			assertThat(integrityCheck(database)).as("the file after the restarted backend stopped").isEqualTo("ok");
		}
	}

	private AppProcess startBackend(int port, Path database, String secret, VllmSimulator simulator, String log) {
		return AppProcess.jar("backend", AppProcess.moduleJar("backend", "llmchat-backend.jar"))
			.env("SERVER_PORT", String.valueOf(port))
			.env("SERVER_ADDRESS", "127.0.0.1")
			.env("DATABASE_URL", "sqlite:///" + database)
			.env("SECRET_KEY", secret)
			.env("LLM_SERVER_BASE_URL", simulator.baseUrl())
			.log(Path.of("target", "reliability", log))
			.start();
	}

	/** Reads token events with the time each arrived, until the stream ends or breaks. */
	private static void readTokens(HttpResponse<InputStream> stream, List<Token> delivered) {
		try (BufferedReader lines = Http.lines(stream)) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("data:")) {
					JsonNode event = Http.JSON.readTree(line.substring(5));
					if (event.path("type").asString().equals("token")) {
						synchronized (delivered) {
							delivered.add(new Token(System.nanoTime(), event.path("chunk").asString()));
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the backend died: what arrived so far is what was delivered
		}
	}

	private static void awaitTokensFor(List<Token> delivered, Duration streaming) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			synchronized (delivered) {
				if (!delivered.isEmpty() && System.nanoTime() - delivered.getFirst().at() >= streaming.toNanos()) {
					return;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the answer did not stream for " + streaming + " within a minute");
	}

	private static String text(List<Token> delivered, long arrivedBy) {
		StringBuilder text = new StringBuilder();
		synchronized (delivered) {
			delivered.stream().filter(token -> token.at() <= arrivedBy).forEach(token -> text.append(token.chunk()));
		}
		return text.toString();
	}

	/** The database and its write-ahead log copied as they are, so checking them leaves the original alone. */
	private Path copyOfDatabase(Path database) throws IOException {
		Path copy = Files.createDirectories(this.data.resolve("as-crashed")).resolve("app.db");
		for (String suffix : List.of("", "-wal")) {
			Path file = Path.of(database + suffix);
			if (Files.exists(file)) {
				Files.copy(file, Path.of(copy + suffix), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return copy;
	}

	private static String integrityCheck(Path database) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
			List<String> rows = new ArrayList<>();
			while (result.next()) {
				rows.add(result.getString(1));
			}
			return String.join("\n", rows);
		}
	}

	private record Token(long at, String chunk) {
	}

}
