package dev.llmchat.backend.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.TwoReplicas;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two backend replicas on one PostgreSQL database, each in a context of its own on its own port, as behind a
 * round-robin load balancer: an answer one of them generates can be followed, refused a second time, stopped and
 * deleted through the other, which a client cannot tell apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PostgresDatabase.Required.class)
class ReplicasTests {

	/** "At most 250 ms behind the owner." */
	private static final Duration FOLLOWER_LAG = Duration.ofMillis(250);

	private TwoReplicas replicas;

	private ConfigurableApplicationContext first;

	private ApiClient onFirst;

	private ApiClient onSecond;

	@BeforeAll
	void startTwoReplicas() {
		this.replicas = TwoReplicas.start("replicas", SimulatorConfig.defaults().withTokensPerSecond(60).withAnswerTokens(24));
		this.first = this.replicas.first();
		this.onFirst = this.replicas.onFirst();
		this.onSecond = this.replicas.onSecond();
	}

	@AfterAll
	void stopEverything() {
		if (this.replicas != null) {
			this.replicas.close();
		}
	}

	@Test
	void anAnswerOneReplicaGeneratesIsFollowedLiveOnTheOtherFromTheLastEventItsClientHad() throws Exception {
		String token = this.onFirst.newUser();
		long chat = this.onFirst.newChat(token, Map.of());
		Map<Long, Long> seenOnOwner = new ConcurrentHashMap<>();
		try (EventStream owner = this.onFirst.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "Follow me [[sim:tokens=120]]", "stream", true), null)) {
			assertThat(owner.status()).isEqualTo(200);
			List<Event> before = new ArrayList<>();
			while (before.size() < 6) {
				before.add(owner.next());
			}
			CompletableFuture<List<Event>> rest = CompletableFuture.supplyAsync(() -> readTimed(owner, seenOnOwner));
			Map<Long, Long> seenOnFollower = new ConcurrentHashMap<>();
			List<Event> followed;
			try (EventStream follower = this.onSecond.openStream("GET", "/chats/" + chat + "/generation", token, null,
					before.get(5).id())) {
				assertThat(follower.status()).isEqualTo(200);
				followed = readTimed(follower, seenOnFollower);
			}
			rest.get(30, TimeUnit.SECONDS);

			assertThat(followed).isNotEmpty();
			assertThat(Long.parseLong(followed.get(0).id())).as("the event after the client's last one")
				.isEqualTo(Long.parseLong(before.get(5).id()) + 1);
			for (int i = 1; i < followed.size(); i++) {
				assertThat(Long.parseLong(followed.get(i).id())).isEqualTo(Long.parseLong(followed.get(i - 1).id()) + 1);
			}
			assertThat(followed.get(followed.size() - 1).type()).isEqualTo("done");
			StringBuilder text = new StringBuilder();
			for (Event event : before) {
				text.append(event.data().path("chunk").asString(""));
			}
			for (Event event : followed) {
				text.append(event.data().path("chunk").asString(""));
			}
			assertThat(text.toString()).isEqualTo(storedAnswer(chat));
			List<Long> lags = new ArrayList<>();
			seenOnFollower.forEach((id, at) -> {
				Long ownerAt = seenOnOwner.get(id);
				if (ownerAt != null) {
					lags.add(Math.max(0, at - ownerAt));
				}
			});
			lags.sort(null);
			assertThat(lags).hasSizeGreaterThan(50);
			long p95 = lags.get((int) (lags.size() * 0.95));
			assertThat(Duration.ofNanos(p95)).as("how far the follower runs behind the owner (95th percentile)")
				.isLessThanOrEqualTo(FOLLOWER_LAG);
		}
	}

	@Test
	void aSecondAnswerInTheChatIsRefusedOnEitherReplica() {
		String token = this.onFirst.newUser();
		long chat = this.onFirst.newChat(token, Map.of());
		try (EventStream owner = this.onFirst.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "Take your time [[sim:tokens=400]]", "stream", true), null)) {
			assertThat(owner.status()).isEqualTo(200);
			assertThat(this.onSecond.post("/generate", token, Map.of("chat_id", chat, "prompt", "me too")).status())
				.isEqualTo(409);
			assertThat(this.onFirst.post("/generate", token, Map.of("chat_id", chat, "prompt", "me too")).status())
				.isEqualTo(409);
			assertThat(this.onSecond.post("/chats/" + chat + "/generation/stop", token, null).status()).isEqualTo(204);
		}
	}

	@Test
	void stoppingOnTheOtherReplicaStopsTheAnswerWithinASecondKeepingItsText() {
		String token = this.onFirst.newUser();
		long chat = this.onFirst.newChat(token, Map.of());
		try (EventStream owner = this.onFirst.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "Stop me [[sim:tokens=600]]", "stream", true), null)) {
			assertThat(owner.status()).isEqualTo(200);
			owner.next();
			owner.next();
			long started = System.nanoTime();
			assertThat(this.onSecond.post("/chats/" + chat + "/generation/stop", token, null).status()).isEqualTo(204);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
			List<Event> rest = owner.readAll();
			Event last = rest.get(rest.size() - 1);
			assertThat(last.type()).isEqualTo("done");
			assertThat(last.data().path("finish_reason").asString()).isEqualTo("stopped");
		}
		Map<String, Object> answer = jdbc().queryForMap(
				"select status, content from messages where chat_id = ? and role = 'assistant'", chat);
		assertThat(answer.get("status")).isEqualTo("interrupted");
		assertThat((String) answer.get("content")).isNotEmpty();
		assertThat(this.replicas.simulator().cancelledRequests()).isPositive();
	}

	@Test
	void deletingTheChatOnTheOtherReplicaStopsItsAnswer() {
		String token = this.onFirst.newUser();
		long chat = this.onFirst.newChat(token, Map.of());
		try (EventStream owner = this.onFirst.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "Delete me [[sim:tokens=600]]", "stream", true), null)) {
			assertThat(owner.status()).isEqualTo(200);
			owner.next();
			assertThat(this.onSecond.delete("/chats/" + chat, token).status()).isEqualTo(204);
			List<Event> rest = owner.readAll();
			assertThat(rest.get(rest.size() - 1).data().path("finish_reason").asString()).isEqualTo("stopped");
		}
		assertThat(this.onFirst.get("/chats/" + chat, token).status()).isEqualTo(404);
	}

	@Test
	void followingWhereNothingRunsIs204OnEitherReplica() {
		String token = this.onFirst.newUser();
		long chat = this.onFirst.newChat(token, Map.of());
		assertThat(this.onSecond.openStream("GET", "/chats/" + chat + "/generation", token, null, null).status())
			.isEqualTo(204);
	}

	private static List<Event> readTimed(EventStream stream, Map<Long, Long> arrivals) {
		List<Event> events = new ArrayList<>();
		for (Event event = stream.next(); event != null; event = stream.next()) {
			arrivals.put(Long.parseLong(event.id()), System.nanoTime());
			events.add(event);
		}
		return events;
	}

	private String storedAnswer(long chat) {
		return jdbc().queryForObject("select content from messages where chat_id = ? and role = 'assistant'",
				String.class, chat);
	}

	private JdbcTemplate jdbc() {
		return this.first.getBean(JdbcTemplate.class);
	}

}
