package dev.llmchat.system.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.system.Nginx;
import dev.llmchat.system.reliability.Events.Event;
import dev.llmchat.testsupport.PostgresDatabase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's "stateless replicas", on the scaled deployment itself ({@link Replicas}): two backend and two frontend
 * jars on one PostgreSQL database behind Debian's nginx, round-robin, no sticky sessions. Each point is checked
 * against each replica directly and through the load balancer, which a client cannot tell apart. Answers are
 * started on the first backend replica; the second is "the other one". The backends renew the lease of a running
 * answer every 2 s for 6 s (5 s and 15 s by default), so that a killed replica's answers end within seconds, and
 * allow 5 answers per person and minute (60 by default), so that the limit is reached in a few calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({ PostgresDatabase.Required.class, Nginx.Installed.class })
class ReplicasBehindNginxTests {

	private static final int TOKENS_PER_SECOND = 25;

	private static final Duration LEASE = Duration.ofSeconds(6);

	private static final Duration LEASE_RENEWAL = Duration.ofSeconds(2);

	private static final int GENERATIONS_PER_MINUTE = 5;

	/** The backend's default {@code llmchat.auth.max-failures-per-account}. */
	private static final int FAILURES_PER_ACCOUNT = 5;

	/** "At most 250 ms behind the owner." */
	private static final Duration FOLLOWER_LAG = Duration.ofMillis(250);

	/** "Stops it within 1 s"; "take effect on every replica within 1 s". */
	private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

	private static final Duration EVENTS_DEADLINE = Duration.ofSeconds(60);

	/** Longer than any test waits (40 minutes): each one stops it, or kills its replica. */
	private static final String LONG_ANSWER = "Tell me everything [[sim:tokens=60000]]";

	private static final String SHORT_ANSWER = "Follow me [[sim:tokens=100]]";

	private static final int OWNER = 0;

	private static final int OTHER = 1;

	private final AtomicInteger people = new AtomicInteger();

	private Replicas replicas;

	/** Where a client's request goes. */
	enum Way {

		OWNER_REPLICA, OTHER_REPLICA, LOAD_BALANCER

	}

	@BeforeAll
	void startTheDeployment() {
		this.replicas = Replicas.start(Path.of("target", "replicas"),
				SimulatorConfig.defaults().withTokensPerSecond(TOKENS_PER_SECOND).withMaxModelLen(65_536),
				List.of("-Dllmchat.generation.lease=" + LEASE.toSeconds() + "s",
						"-Dllmchat.generation.lease-renewal=" + LEASE_RENEWAL.toSeconds() + "s",
						"-Dllmchat.generation.per-user-per-minute=" + GENERATIONS_PER_MINUTE));
	}

	@AfterAll
	void stopTheDeployment() {
		if (this.replicas != null) {
			this.replicas.close();
		}
	}

	@Test
	void atMostOneAnswerRunsPerChatASecondGenerateOnAnyReplicaIs409() {
		try (Answer answer = answerOnOwner(LONG_ANSWER)) {
			answer.events().await(1, EVENTS_DEADLINE);
			// twice through nginx: round-robin sends two requests in a row to both replicas
			for (Http api : List.of(backend(OWNER), backend(OTHER), loadBalancer(), loadBalancer())) {
				Map<String, Object> again = Map.of("chat_id", answer.chat(), "prompt", "me too");
				assertThat(api.postJson("/generate", answer.token(), again).status())
					.as("a second answer through %s", api.baseUrl())
					.isEqualTo(409);
			}
			assertThat(stop(backend(OTHER), answer.token(), answer.chat()).status()).isEqualTo(204);
		}
	}

	@ParameterizedTest
	@EnumSource(Way.class)
	void anAnswerIsFollowedOnAnyReplicaAfterLastEventIdThenLiveAtMost250msBehindTheOwner(Way way) throws Exception {
		try (Answer answer = answerOnOwner(SHORT_ANSWER)) {
			Event fifth = answer.events().await(5, EVENTS_DEADLINE);
			try (Events followed = Events.of(via(way).openStream("/chats/" + answer.chat() + "/generation",
					answer.token(), Map.of("Last-Event-ID", Long.toString(fifth.id())), null))) {
				List<Event> followedEvents = followed.awaitEnd(EVENTS_DEADLINE);
				List<Event> ownedEvents = answer.events().awaitEnd(EVENTS_DEADLINE);

				assertContinuesAfter(fifth.id(), followedEvents);
				assertThat(Events.text(upTo(fifth.id(), ownedEvents)) + Events.text(followedEvents))
					.isEqualTo(storedAnswer(answer).path("content").asString());
				Duration p95 = lag("follow through " + way, ownedEvents, followedEvents);
				assertThat(p95).as("how far the follower runs behind the owner (95th percentile)")
					.isLessThanOrEqualTo(FOLLOWER_LAG);
			}
		}
	}

	@Test
	void aPageReloadedOntoAnotherFrontendReplicaKeepsStreaming() {
		FrontendSession page = FrontendSession.signUp(this.replicas.frontendUrl(OWNER), newEmail(), Http.PASSWORD);
		long chat = page.newChat("reloaded");
		try (Events shown = page.stream(chat, LONG_ANSWER)) {
			Event fifth = shown.await(5, EVENTS_DEADLINE);
			FrontendSession onOther = page.at(this.replicas.frontendUrl(OTHER));
			FrontendSession throughNginx = page.at(this.replicas.frontendsUrl());
			for (FrontendSession reloaded : List.of(onOther, throughNginx)) {
				assertThat(reloaded.page("/chat/" + chat).status()).as("the chat page, still signed in").isEqualTo(200);
			}
			int shownWhenReloaded = shown.all().size();
			try (Events onOtherEvents = onOther.attach(chat, fifth.id());
					Events throughNginxEvents = throughNginx.attach(chat, fifth.id())) {
				// the replay of what the page had shown, then five seconds live
				onOtherEvents.await(shownWhenReloaded + 5 * TOKENS_PER_SECOND, EVENTS_DEADLINE);
				throughNginxEvents.await(shownWhenReloaded + 5 * TOKENS_PER_SECOND, EVENTS_DEADLINE);
				assertThat(throughNginx.api("/api/chats/" + chat + "/stop", "").status()).isEqualTo(204);

				List<Event> shownEvents = shown.awaitEnd(EVENTS_DEADLINE);
				for (Events reloaded : List.of(onOtherEvents, throughNginxEvents)) {
					List<Event> events = reloaded.awaitEnd(EVENTS_DEADLINE);
					assertContinuesAfter(fifth.id(), events);
					assertThat(events.getLast().data().path("finish_reason").asString()).isEqualTo("stopped");
					assertThat(Events.text(upTo(fifth.id(), shownEvents)) + Events.text(events))
						.isEqualTo(Events.text(shownEvents));
					assertThat(lag("reloaded page", shownEvents, events)).isLessThanOrEqualTo(FOLLOWER_LAG);
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Way.class)
	void stoppingOnAnyReplicaStopsTheAnswerWithin1sKeepingItsTextAsInterrupted(Way way) throws Exception {
		try (Answer answer = answerOnOwner(LONG_ANSWER)) {
			answer.events().await(3, EVENTS_DEADLINE);
			long cancelledBefore = this.replicas.simulator().cancelledRequests();
			long asked = System.nanoTime();

			assertThat(stop(via(way), answer.token(), answer.chat()).status()).isEqualTo(204);
			Duration stopped = since(asked);
			List<Event> events = answer.events().awaitEnd(EVENTS_DEADLINE);
			Poll.until(() -> this.replicas.simulator().cancelledRequests() > cancelledBefore, EVENTS_DEADLINE,
					() -> "the model server's request was not cancelled");
			Duration cancelled = since(asked);

			System.out.printf("stop through %s: answered after %d ms, the model server's request cancelled after "
					+ "%d ms%n", way, stopped.toMillis(), cancelled.toMillis());
			assertThat(stopped).as("the stop returns once the answer is stopped").isLessThanOrEqualTo(WITHIN_A_SECOND);
			assertThat(cancelled).isLessThanOrEqualTo(WITHIN_A_SECOND);
			Event last = events.getLast();
			assertThat(last.type()).isEqualTo("done");
			assertThat(last.data().path("finish_reason").asString()).isEqualTo("stopped");
			JsonNode stored = storedAnswer(answer);
			assertThat(stored.path("status").asString()).isEqualTo("interrupted");
			assertThat(stored.path("content").asString()).isNotEmpty().isEqualTo(answer.events().text());
		}
	}

	@Test
	void failedLoginsCountOnEveryReplicaSoTheLoginThrottleHoldsWhicheverAnswers() {
		String email = newEmail();
		backend(OWNER).signUp(email);
		for (int i = 0; i < FAILURES_PER_ACCOUNT; i++) {
			Http api = backend(i % 2);
			assertThat(login(api, email, "wrong-password").status()).as("failure %d, on %s", i + 1, api.baseUrl())
				.isEqualTo(401);
		}
		for (Http api : List.of(backend(OWNER), backend(OTHER), loadBalancer())) {
			assertThat(login(api, email, Http.PASSWORD).status())
				.as("after %d failures spread over the replicas, a login through %s", FAILURES_PER_ACCOUNT,
						api.baseUrl())
				.isEqualTo(429);
		}
	}

	@Test
	void answersStartedOnEveryReplicaCountSoTheGenerationLimitHoldsWhicheverAnswers() {
		Http owner = backend(OWNER);
		String token = owner.signUp(newEmail());
		long chat = newChat(owner, token);
		for (int i = 0; i < GENERATIONS_PER_MINUTE; i++) {
			Http api = backend(i % 2);
			Http.Response answered = api.postJson("/generate", token,
					Map.of("chat_id", chat, "prompt", "hi [[sim:tokens=1]]"));
			assertThat(answered.status()).as("answer %d, on %s: %s", i + 1, api.baseUrl(), answered).isEqualTo(200);
		}
		for (Http api : List.of(backend(OWNER), backend(OTHER), loadBalancer())) {
			assertThat(api.postJson("/generate", token, Map.of("chat_id", chat, "prompt", "one more")).status())
				.as("after %d answers spread over the replicas, one more through %s", GENERATIONS_PER_MINUTE,
						api.baseUrl())
				.isEqualTo(429);
		}
	}

	@Test
	void loggingOutEverywhereTakesEffectOnEveryReplicaWithin1s() {
		String email = newEmail();
		String token = backend(OWNER).signUp(email);
		acceptedEverywhere(token);

		assertThat(backend(OWNER).postJson("/auth/logout-all", token, "").status()).isEqualTo(204);
		refusedEverywhereWithinASecond("log out everywhere", token);

		String again = backend(OTHER).logIn(email);
		acceptedEverywhere(again);
	}

	@Test
	void aDeletedAccountIsRefusedOnEveryReplicaWithin1s() {
		String email = newEmail();
		String token = backend(OWNER).signUp(email);
		acceptedEverywhere(token);

		assertThat(backend(OWNER).delete("/auth/me", token).status()).as("DELETE /auth/me deletes the account")
			.isEqualTo(204);
		refusedEverywhereWithinASecond("deleted account", token);
		for (Http api : List.of(backend(OWNER), backend(OTHER))) {
			assertThat(login(api, email, Http.PASSWORD).status()).isEqualTo(401);
		}
	}

	@Test
	void aKilledReplicasAnswerIsEndedByTheOtherAfterItsLeaseAndARestartedReplicaLeavesLiveAnswersAlone()
			throws Exception {
		Http other = backend(OTHER);
		String survivorToken = other.signUp(newEmail());
		long survivorChat = newChat(other, survivorToken);
		try (Events survivor = generate(other, survivorToken, survivorChat, LONG_ANSWER)) {
			survivor.await(1, EVENTS_DEADLINE);
			// the killed replica's answer streams past its first lease: only renewals keep it
			Duration streamed = LEASE.plus(LEASE_RENEWAL);
			MidAnswerCrash crash = MidAnswerCrash.of(this.replicas.backend(OWNER), backend(OWNER), newEmail(),
					streamed);
			int survivorEventsAtKill = survivor.all().size();

			Duration leaseRanOut = crash.leaseRanOutAfterKill(this.replicas.database().jdbcUrl());
			Duration ended = crash.awaitAnswerEndedVia(other, Duration.ofSeconds(30));
			System.out.printf("SIGKILL after %d ms of streaming: the lease ran out %d ms after the kill, the other "
					+ "replica ended the answer after %d ms%n", streamed.toMillis(), leaseRanOut.toMillis(),
					ended.toMillis());
			assertThat(leaseRanOut).as("the owner renewed the lease while it lived").isPositive();
			assertThat(ended).as("never before the lease ran out").isGreaterThanOrEqualTo(leaseRanOut);
			assertThat(ended).as("within the lease and a renewal, with a renewal to spare for a busy machine")
				.isLessThanOrEqualTo(LEASE.plus(LEASE_RENEWAL.multipliedBy(2)));
			crash.assertAnswerKeptAsInterrupted(other);

			// the other replica kept serving: its own answer streams on, and nginx sends everything there
			assertThat(survivor.all().size()).as("the survivor's answer streamed on")
				.isGreaterThan(survivorEventsAtKill);
			for (int i = 0; i < 4; i++) {
				assertThat(loadBalancer().get("/chats", survivorToken).status()).isEqualTo(200);
			}
			String next = loadBalancer().signUp(newEmail());
			assertThat(loadBalancer().postJson("/generate", next,
					Map.of("chat_id", newChat(loadBalancer(), next), "prompt", "still there? [[sim:tokens=5]]"))
				.status()).isEqualTo(200);

			// a replica that starts leaves the answers that a live replica owns alone
			this.replicas.restartBackend(OWNER);
			int twoRenewalsOfEvents = (int) (TOKENS_PER_SECOND * LEASE_RENEWAL.multipliedBy(2).toSeconds());
			survivor.await(survivor.all().size() + twoRenewalsOfEvents, EVENTS_DEADLINE);
			assertThat(storedAnswer(backend(OWNER), survivorToken, survivorChat).path("status").asString())
				.as("the live replica's answer, two renewals after the other replica started")
				.isEqualTo("streaming");
			assertThat(stop(backend(OWNER), survivorToken, survivorChat).status()).isEqualTo(204);
			assertThat(survivor.awaitEnd(EVENTS_DEADLINE).getLast().data().path("finish_reason").asString())
				.isEqualTo("stopped");
		}
	}

	@Test
	void aSignedInPersonStaysSignedInAndCsrfKeepsWorkingWhicheverFrontendReplicaAnswers() {
		FrontendSession onFirst = FrontendSession.signUp(this.replicas.frontendUrl(OWNER), newEmail(), Http.PASSWORD);
		FrontendSession onSecond = onFirst.at(this.replicas.frontendUrl(OTHER));
		assertThat(onSecond.page("/dashboard").status()).as("signed in on the other replica").isEqualTo(200);
		long madeOnSecond = onSecond.newChat("made on the second replica");
		// round-robin: the pages and the forms alternate between the replicas, each form with the token of a page
		// the other replica showed
		FrontendSession throughNginx = onFirst.at(this.replicas.frontendsUrl());
		List<Long> chats = new ArrayList<>(List.of(madeOnSecond));
		for (int i = 0; i < 4; i++) {
			assertThat(throughNginx.page("/dashboard").status()).isEqualTo(200);
			chats.add(throughNginx.newChat("made through nginx " + i));
		}
		assertThat(chats).doesNotHaveDuplicates();
		assertThat(onFirst.page("/dashboard").body()).contains("made on the second replica", "made through nginx 3");
		assertThat(onSecond.formWithoutToken("/chats/new", Map.of("title", "forged")).status())
			.as("a form without the CSRF token").isEqualTo(403);
	}

	private Http backend(int replica) {
		return new Http(this.replicas.backendUrl(replica));
	}

	private Http loadBalancer() {
		return new Http(this.replicas.backendsUrl());
	}

	private Http via(Way way) {
		return switch (way) {
			case OWNER_REPLICA -> backend(OWNER);
			case OTHER_REPLICA -> backend(OTHER);
			case LOAD_BALANCER -> loadBalancer();
		};
	}

	private String newEmail() {
		return "person-" + this.people.incrementAndGet() + "@example.com";
	}

	private static long newChat(Http api, String token) {
		return api.postJson("/chats", token, Map.of()).json().path("id").asLong();
	}

	private static Events generate(Http api, String token, long chat, String prompt) {
		return Events.of(api.openStream("/generate", token, Map.of("chat_id", chat, "prompt", prompt, "stream", true)));
	}

	/** A new person's answer, started on the owner replica, its events read as they come. */
	private Answer answerOnOwner(String prompt) {
		Http owner = backend(OWNER);
		String token = owner.signUp(newEmail());
		long chat = newChat(owner, token);
		return new Answer(token, chat, generate(owner, token, chat, prompt));
	}

	private static Http.Response stop(Http api, String token, long chat) {
		return api.postJson("/chats/" + chat + "/generation/stop", token, "");
	}

	private static Http.Response login(Http api, String email, String password) {
		return api.postJson("/auth/login", null, Map.of("email", email, "password", password));
	}

	private JsonNode storedAnswer(Answer answer) {
		return storedAnswer(backend(OTHER), answer.token(), answer.chat());
	}

	private static JsonNode storedAnswer(Http api, String token, long chat) {
		JsonNode messages = api.get("/chats/" + chat + "/messages", token).json();
		return messages.get(messages.size() - 1);
	}

	private void acceptedEverywhere(String token) {
		for (Http api : List.of(backend(OWNER), backend(OTHER), loadBalancer())) {
			assertThat(api.get("/auth/me", token).status()).as("the token on %s", api.baseUrl()).isEqualTo(200);
		}
	}

	/** Every replica refuses {@code token} within a second; each one's time is printed. */
	private void refusedEverywhereWithinASecond(String what, String token) {
		long from = System.nanoTime();
		for (int replica : List.of(OWNER, OTHER)) {
			Http api = backend(replica);
			Poll.until(() -> api.get("/auth/me", token).status() == 401, Duration.ofSeconds(10),
					() -> what + ": the token is still accepted on " + api.baseUrl() + " after 10 s");
			Duration took = since(from);
			System.out.printf("%s: refused on replica %d after %d ms%n", what, replica, took.toMillis());
			assertThat(took).as("%s on %s", what, api.baseUrl()).isLessThanOrEqualTo(WITHIN_A_SECOND);
		}
	}

	/** The events ids {@code after + 1}, {@code after + 2}, … in turn, the last one {@code done}. */
	private static void assertContinuesAfter(long after, List<Event> events) {
		assertThat(events).isNotEmpty();
		for (int i = 0; i < events.size(); i++) {
			assertThat(events.get(i).id()).as("event %d after the client's last one", i + 1).isEqualTo(after + 1 + i);
		}
		assertThat(events.getLast().type()).isEqualTo("done");
	}

	private static List<Event> upTo(long id, List<Event> events) {
		return events.stream().filter(event -> event.id() <= id).toList();
	}

	/**
	 * How long after the owner's client each live event reached the follower's (one the owner's client received once
	 * the follower's had its first: the replay before is a catch-up); prints and returns the 95th percentile.
	 */
	private static Duration lag(String what, List<Event> owned, List<Event> followed) {
		long attached = followed.getFirst().at();
		Map<Long, Long> ownedAt = new HashMap<>();
		owned.stream().filter(event -> event.at() >= attached).forEach(event -> ownedAt.put(event.id(), event.at()));
		List<Long> lags = new ArrayList<>();
		for (Event event : followed) {
			Long at = ownedAt.get(event.id());
			if (at != null) {
				lags.add(Math.max(0, event.at() - at));
			}
		}
		lags.sort(null);
		assertThat(lags).as("live events both clients received").hasSizeGreaterThan(50);
		Duration p50 = Duration.ofNanos(lags.get(lags.size() / 2));
		Duration p95 = Duration.ofNanos(lags.get((int) (lags.size() * 0.95)));
		Duration max = Duration.ofNanos(lags.getLast());
		System.out.printf("%s: %d events behind the owner's client by p50 %d ms, p95 %d ms, max %d ms%n", what,
				lags.size(), p50.toMillis(), p95.toMillis(), max.toMillis());
		return p95;
	}

	private static Duration since(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}

	/** A person's answer: their token, the chat and the answer's events as their client reads them. */
	private record Answer(String token, long chat, Events events) implements AutoCloseable {

		@Override
		public void close() {
			this.events.close();
		}

	}

}
