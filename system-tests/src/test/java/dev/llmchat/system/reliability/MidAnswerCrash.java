package dev.llmchat.system.reliability;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmchat.system.AppProcess;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend killed with SIGKILL in the middle of a streamed answer, and what its client had received by then; then,
 * from a backend that runs on the same database (restarted, or another replica), the question is there and the
 * answer up to its last second (a prefix of what the stream delivered, at most ~1.5 s of tokens short), marked
 * interrupted.
 */
final class MidAnswerCrash {

	static final String PROMPT = "Tell me a long story [[sim:tokens=3000]]";

	/** The answer is flushed every 500 ms; this leaves room for a busy machine, not for a lost second. */
	private static final Duration MAY_MISS = Duration.ofMillis(1500);

	private final String token;

	private final long chat;

	private final Events delivered;

	private final long killedAt;

	private MidAnswerCrash(String token, long chat, Events delivered, long killedAt) {
		this.token = token;
		this.chat = chat;
		this.delivered = delivered;
		this.killedAt = killedAt;
	}

	/**
	 * Signs {@code email} up on {@code backend} (which {@code api} reaches directly), lets a long answer stream for
	 * {@code streaming}, and kills the backend with SIGKILL.
	 */
	static MidAnswerCrash of(AppProcess backend, Http api, String email, Duration streaming) throws Exception {
		String token = api.signUp(email);
		long chat = api.postJson("/chats", token, Map.of("title", "crash")).json().path("id").asLong();
		Events delivered = Events
			.of(api.openStream("/generate", token, Map.of("chat_id", chat, "prompt", PROMPT, "stream", true)));
		delivered.awaitStreamingFor(streaming, streaming.plus(Duration.ofSeconds(60)));

		long killedAt = System.nanoTime();
		ProcessHandle process = ProcessHandle.of(backend.pid()).orElseThrow();
		assertThat(process.destroyForcibly()).as("SIGKILL sent").isTrue();
		process.onExit().get(30, TimeUnit.SECONDS);
		delivered.awaitEnd(Duration.ofSeconds(30));
		return new MidAnswerCrash(token, chat, delivered, killedAt);
	}

	/**
	 * Starts {@code backend}, waits until it answers at {@code api}, and crashes it after 2.5 s of an answer, as
	 * {@link #of} does.
	 */
	static MidAnswerCrash ofStarted(AppProcess.Builder backend, Http api, Duration startDeadline) throws Exception {
		AppProcess process = backend.start();
		try {
			process.awaitHttp(URI.create(api.baseUrl() + "/health"), startDeadline);
			return of(process, api, "crash@example.com", Duration.ofMillis(2500));
		}
		finally {
			process.stop();
		}
	}

	String token() {
		return this.token;
	}

	long chat() {
		return this.chat;
	}

	/**
	 * Waits, for {@code deadline} at the most, until {@code api}, a backend that runs, tells the answer is no longer
	 * streaming, and returns how long after the kill that was.
	 */
	Duration awaitAnswerEndedVia(Http api, Duration deadline) {
		Poll.until(() -> !api.get("/chats/" + this.chat + "/messages", this.token)
			.json()
			.path(1)
			.path("status")
			.asString()
			.equals("streaming"), deadline, () -> "the killed backend's answer was still streaming " + deadline
					+ " later, " + Duration.ofNanos(System.nanoTime() - this.killedAt) + " after the kill");
		return Duration.ofNanos(System.nanoTime() - this.killedAt);
	}

	/**
	 * How long after the kill the lease of the answer ran out, as the killed owner last renewed it in the PostgreSQL
	 * database at {@code jdbcUrl}.
	 */
	Duration leaseRanOutAfterKill(String jdbcUrl) throws SQLException {
		long killedAtMillis = System.currentTimeMillis()
				- Duration.ofNanos(System.nanoTime() - this.killedAt).toMillis();
		try (Connection connection = DriverManager.getConnection(jdbcUrl);
				PreparedStatement query = connection
					.prepareStatement("select lease_until from messages where chat_id = ? and role = 'assistant'")) {
			query.setLong(1, this.chat);
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).as("the answer is stored").isTrue();
				return Duration.ofMillis(row.getLong(1) - killedAtMillis);
			}
		}
	}

	/**
	 * Through {@code api}, a backend that runs: the question and the answer up to its last second are stored, the
	 * answer interrupted, and the chat takes a new prompt.
	 */
	void assertAnswerKeptAsInterrupted(Http api) {
		JsonNode messages = api.get("/chats/" + this.chat + "/messages", this.token).json();
		assertThat(messages.size()).isEqualTo(2);
		assertThat(messages.get(0).path("role").asString()).isEqualTo("user");
		assertThat(messages.get(0).path("content").asString()).isEqualTo(PROMPT);
		JsonNode answer = messages.get(1);
		assertThat(answer.path("status").asString()).isEqualTo("interrupted");

		String streamed = this.delivered.text();
		String dueBeforeCrash = this.delivered.textBy(this.killedAt - MAY_MISS.toNanos());
		assertThat(dueBeforeCrash).as("the stream ran long enough before the kill").isNotEmpty();
		String stored = answer.path("content").asString();
		System.out.printf("crash: the stream delivered %d characters, %d of them by %s before the kill; %d stored%n",
				streamed.length(), dueBeforeCrash.length(), MAY_MISS, stored.length());
		assertThat(streamed).as("the stored answer is what the stream delivered, up to where it was cut")
			.startsWith(stored);
		assertThat(stored.length())
			.as("stored %d characters, the stream had %d by %s before the kill and %d in all", stored.length(),
					dueBeforeCrash.length(), MAY_MISS, streamed.length())
			.isGreaterThanOrEqualTo(dueBeforeCrash.length());
		assertThat(api
			.postJson("/generate", this.token, Map.of("chat_id", this.chat, "prompt", "still there? [[sim:tokens=5]]"))
			.status()).as("the chat takes a new prompt").isEqualTo(200);
	}

}
