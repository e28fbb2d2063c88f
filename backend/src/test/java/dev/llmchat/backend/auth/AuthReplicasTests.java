package dev.llmchat.backend.auth;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.TwoReplicas;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.testsupport.ManagementPort;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two backend replicas on one PostgreSQL database, started as a deployment without SECRET_KEY, each in a context of
 * its own on its own port, as behind a round-robin load balancer: they sign with one key, count failed logins and
 * answer starts together, and a revocation on one is honoured by the other within a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PostgresDatabase.Required.class)
class AuthReplicasTests {

	/** "Take effect on every replica within 1 s." */
	private static final Duration REVOCATION_DELAY = Duration.ofSeconds(1);

	private static final String PASSWORD = "correct horse battery";

	private TwoReplicas replicas;

	private ConfigurableApplicationContext first;

	private ApiClient onFirst;

	private ApiClient onSecond;

	@BeforeAll
	void startTwoReplicasWithoutASecretKey() {
		this.replicas = TwoReplicas.start("auth_replicas",
				SimulatorConfig.defaults().withTokensPerSecond(400).withAnswerTokens(4),
				"--llmchat.generation.per-user-per-minute=3", "--llmchat.auth.max-failures-per-address=100000");
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
	void aTokenSignedByOneReplicaIsAcceptedByTheOtherWithoutASecretKey() {
		String email = register();
		String token = this.onFirst.login(email, PASSWORD);
		Response me = this.onSecond.get("/auth/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo(email);
		assertThat(this.first.getBean(JdbcTemplate.class)
			.queryForObject("select count(*) from settings where name = 'signing_key'", Integer.class)).isOne();
	}

	@Test
	void failedLoginsOnOneReplicaThrottleTheAccountOnTheOther() {
		String email = register();
		for (int i = 0; i < 5; i++) {
			ApiClient replica = (i % 2 == 0) ? this.onFirst : this.onSecond;
			assertThat(login(replica, email, "wrong-" + i).status()).isEqualTo(401);
		}
		for (ApiClient replica : new ApiClient[] { this.onFirst, this.onSecond }) {
			Response throttled = login(replica, email, PASSWORD);
			assertThat(throttled.status()).isEqualTo(429);
			assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
			assertThat(throttled.json().path("detail").asString()).contains("Too many failed logins");
		}
	}

	@Test
	void theGenerationLimitCountsStartsOnEitherReplicaAndEachCountsItsRefusalAsRejected() {
		double rejectedBefore = rejected(this.replicas.first()) + rejected(this.replicas.second());
		String token = this.onFirst.newUser();
		long chat = this.onFirst.newChat(token, Map.of());
		assertThat(generate(this.onFirst, token, chat).status()).isEqualTo(200);
		assertThat(generate(this.onSecond, token, chat).status()).isEqualTo(200);
		assertThat(generate(this.onFirst, token, chat).status()).isEqualTo(200);
		Response refused = generate(this.onSecond, token, chat);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(refused.json().path("detail").asString()).contains("3 answers in the last minute");
		assertThat(generate(this.onFirst, token, chat).status()).isEqualTo(429);
		assertThat(rejected(this.replicas.first()) + rejected(this.replicas.second()) - rejectedBefore).isEqualTo(2);
	}

	/** The answers the replica refused, as its management port tells Prometheus. */
	private static double rejected(ConfigurableApplicationContext replica) {
		int port = Integer.parseInt(replica.getEnvironment().getRequiredProperty("local.management.port"));
		return new ManagementPort(port).scrape().sum("llmchat_generations_total", "outcome", "rejected");
	}

	@Test
	void loggingOutEverywhereOnOneReplicaRefusesTheOldTokenOnTheOtherWithinASecond() {
		String token = this.onFirst.login(register(), PASSWORD);
		assertThat(this.onSecond.get("/auth/me", token).status()).as("known to the other replica").isEqualTo(200);
		assertRefusedOnSecondWithinASecond(token, (revoked) -> this.onFirst.post("/auth/logout-all", revoked, null));
	}

	@Test
	void aDeletedAccountIsRefusedOnTheOtherReplicaWithinASecond() {
		String email = register();
		String token = this.onFirst.login(email, PASSWORD);
		assertThat(this.onSecond.get("/auth/me", token).status()).as("known to the other replica").isEqualTo(200);
		assertRefusedOnSecondWithinASecond(token, (deleted) -> this.onFirst.delete("/auth/me", deleted));
		assertThat(login(this.onSecond, email, PASSWORD).status()).isEqualTo(401);
	}

	/** Revokes the token on the first replica and measures how long the second still accepts it. */
	private void assertRefusedOnSecondWithinASecond(String token, Function<String, Response> revoke) {
		assertThat(revoke.apply(token).status()).isEqualTo(204);
		long revokedAt = System.nanoTime();
		int status;
		do {
			status = this.onSecond.get("/auth/me", token).status();
		}
		while (status != 401 && System.nanoTime() - revokedAt < REVOCATION_DELAY.toNanos() * 3);
		Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
		assertThat(status).isEqualTo(401);
		assertThat(took).as("until the other replica refused the token").isLessThanOrEqualTo(REVOCATION_DELAY);
	}

	private String register() {
		String email = "user-" + UUID.randomUUID() + "@example.com";
		assertThat(this.onFirst.post("/auth/register", null, Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(200);
		return email;
	}

	private static Response login(ApiClient replica, String email, String password) {
		return replica.post("/auth/login", null, Map.of("email", email, "password", password));
	}

	private static Response generate(ApiClient replica, String token, long chat) {
		return replica.post("/generate", token, Map.of("chat_id", chat, "prompt", "Hello", "stream", false));
	}

}
