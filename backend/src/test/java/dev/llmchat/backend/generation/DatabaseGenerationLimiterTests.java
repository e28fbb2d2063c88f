package dev.llmchat.backend.generation;

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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The generation limit of replicas that share PostgreSQL: the same behaviour as in memory, with the starts counted
 * in the database, in the transaction that stores the answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PostgresDatabase.Required.class)
class DatabaseGenerationLimiterTests extends GenerationLimiterTests {

	private MigratedPostgres database;

	@BeforeAll
	void database() {
		this.database = new MigratedPostgres("limiter");
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
	GenerationLimiter limiter() {
		GenerationLimiter limiter = new DatabaseGenerationLimiter(new SharedCounts(this.database.jdbc(), this.clock),
				this.properties, this.clock);
		return (userId) -> this.database.transactions().executeWithoutResult((status) -> limiter.acquire(userId));
	}

	@Test
	void twoReplicasTogetherAllowAUserNoMoreStartsThanOne() {
		GenerationLimiter first = limiter();
		GenerationLimiter second = limiter();
		first.acquire(1L);
		second.acquire(1L);
		first.acquire(1L);
		assertThat(catchThrowableOfType(TooManyRequestsException.class, () -> second.acquire(1L))).isNotNull();
	}

	@Test
	void aStartWhoseAnswerIsThenRefusedIsNotCounted() {
		GenerationLimiter limiter = new DatabaseGenerationLimiter(new SharedCounts(this.database.jdbc(), this.clock),
				this.properties, this.clock);
		for (int i = 0; i < 5; i++) {
			this.database.transactions().executeWithoutResult((status) -> {
				limiter.acquire(1L);
				status.setRollbackOnly();
			});
		}
		GenerationLimiter committing = limiter();
		for (int i = 0; i < 3; i++) {
			committing.acquire(1L);
		}
	}

}
