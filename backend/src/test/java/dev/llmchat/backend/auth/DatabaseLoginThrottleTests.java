package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.llmchat.backend.cluster.SharedCounts;
import dev.llmchat.backend.support.MigratedPostgres;
import dev.llmchat.backend.system.TooManyRequestsException;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle of replicas that share PostgreSQL: the same behaviour as in memory, with the counts in the
 * database, where two throttles (two replicas) count together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PostgresDatabase.Required.class)
class DatabaseLoginThrottleTests extends LoginThrottleTests {

	private MigratedPostgres database;

	@BeforeAll
	void database() {
		this.database = new MigratedPostgres("throttle");
	}

	@AfterAll
	void dropDatabase() {
		this.database.close();
	}

	@BeforeEach
	void nothingCounted() {
		this.database.jdbc().update("delete from counted_events");
	}

	@Override
	LoginThrottle throttle(AuthProperties properties, Clock clock) {
		return new DatabaseLoginThrottle(new SharedCounts(this.database.jdbc(), clock), this.database.transactions(),
				properties, clock);
	}

	@Override
	void assertRemembersNothing(LoginThrottle throttle) {
		assertThat(this.database.jdbc().queryForObject("select count(*) from counted_events", Integer.class))
			.as("failures and attempts still counted")
			.isZero();
	}

	@Test
	void twoReplicasTogetherCheckNoMoreGuessesThanOne() {
		AuthProperties properties = new AuthProperties("unused", Duration.ofHours(1), 3, 20, Duration.ofMinutes(15),
				Duration.ofMillis(300));
		LoginThrottle first = throttle(properties, this.clock);
		LoginThrottle second = throttle(properties, this.clock);
		first.begin("a@example.com", "10.0.0.1").failed();
		second.begin("a@example.com", "10.0.0.2").failed();
		LoginThrottle.Attempt running = first.begin("a@example.com", "10.0.0.3");
		assertThat(refusal(second)).as("the last slot is taken on the other replica").contains("at once");
		running.failed();
		assertThat(refusal(second)).startsWith("Too many failed logins. Wait 900 seconds");
	}

	@Test
	void aSlotOfAReplicaThatDiedWhileCheckingIsFreedWhenItsLeaseEnds() {
		AuthProperties properties = new AuthProperties("unused", Duration.ofHours(1), 1, 20, Duration.ofMinutes(15),
				Duration.ofMillis(200));
		throttle(properties, this.clock).begin("a@example.com", "10.0.0.1");
		LoginThrottle survivor = throttle(properties, this.clock);
		assertThat(refusal(survivor)).contains("at once");
		this.clock.advance(DatabaseLoginThrottle.CHECK_LEASE);
		survivor.begin("a@example.com", "10.0.0.2").succeeded();
	}

	private static String refusal(LoginThrottle throttle) {
		try {
			throttle.begin("a@example.com", "10.0.0.9").close();
			return "admitted";
		}
		catch (TooManyRequestsException ex) {
			return ex.getMessage();
		}
	}

}
