package dev.llmchat.backend.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.llmchat.backend.support.MigratedPostgres;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Without SECRET_KEY on PostgreSQL, the replicas share one generated key, kept in the database. */
@ExtendWith(PostgresDatabase.Required.class)
class DatabaseSigningKeyTests {

	@Test
	void replicasStartingTogetherAgreeOnOneGeneratedKeyAndKeepItAcrossRestarts() throws Exception {
		try (MigratedPostgres database = new MigratedPostgres("signing_key");
				ExecutorService replicas = Executors.newFixedThreadPool(4)) {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<SecretKey>> keys = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				keys.add(replicas.submit(() -> {
					go.await();
					return SigningKey.fromDatabase(database.jdbc());
				}));
			}
			go.countDown();
			byte[] first = keys.getFirst().get().getEncoded();
			assertThat(first).hasSizeGreaterThanOrEqualTo(SigningKey.MIN_BYTES);
			for (Future<SecretKey> key : keys) {
				assertThat(key.get().getEncoded()).isEqualTo(first);
			}
			assertThat(SigningKey.fromDatabase(database.jdbc()).getEncoded()).as("after a restart").isEqualTo(first);
			assertThat(database.jdbc().queryForObject("select count(*) from settings", Integer.class)).isOne();
		}
	}

}
