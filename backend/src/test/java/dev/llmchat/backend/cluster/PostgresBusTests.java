package dev.llmchat.backend.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.llmchat.backend.system.DatabaseUrl;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Two replicas' buses on one PostgreSQL database, talking by LISTEN/NOTIFY. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PostgresDatabase.Required.class)
class PostgresBusTests {

	private PostgresDatabase database;

	private HikariDataSource pool;

	private PostgresBus first;

	private PostgresBus second;

	private final List<String> firstGot = new CopyOnWriteArrayList<>();

	private final List<String> secondGot = new CopyOnWriteArrayList<>();

	@BeforeAll
	void twoReplicas() {
		this.database = PostgresDatabase.create("bus");
		DatabaseUrl url = DatabaseUrl.parse(this.database.url());
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(url.jdbcUrl());
		this.pool.setUsername(url.username());
		JdbcTemplate jdbc = new JdbcTemplate(this.pool);
		this.first = new PostgresBus(new Replica("aaaaaaaaaaaa", true), url, jdbc);
		this.second = new PostgresBus(new Replica("bbbbbbbbbbbb", true), url, jdbc);
		this.first.subscribe("test", (message) -> this.firstGot.add(message.from() + ":" + message.body()));
		this.second.subscribe("test", (message) -> this.secondGot.add(message.from() + ":" + message.body()));
	}

	@AfterAll
	void stop() throws InterruptedException {
		this.first.close();
		this.second.close();
		this.pool.close();
		this.database.close();
	}

	@Test
	void aMessageToOneReplicaReachesItAloneAndABroadcastReachesEveryOne() {
		this.firstGot.clear();
		this.secondGot.clear();
		this.first.send("bbbbbbbbbbbb", "test", "for the second, with\nlines and ünïcode");
		this.second.broadcast("test", "for all");
		this.first.send("bbbbbbbbbbbb", "another topic", "nobody listens");
		awaitSize(this.secondGot, 2);
		awaitSize(this.firstGot, 1);
		assertThat(this.secondGot).containsExactlyInAnyOrder("aaaaaaaaaaaa:for the second, with\nlines and ünïcode",
				"bbbbbbbbbbbb:for all");
		assertThat(this.firstGot).containsExactly("bbbbbbbbbbbb:for all");
	}

	@Test
	void messagesFromOneSenderArriveInTheOrderTheyWereSent() {
		this.secondGot.clear();
		for (int i = 0; i < 300; i++) {
			this.first.send("bbbbbbbbbbbb", "test", Integer.toString(i));
		}
		awaitSize(this.secondGot, 300);
		for (int i = 0; i < 300; i++) {
			assertThat(this.secondGot.get(i)).isEqualTo("aaaaaaaaaaaa:" + i);
		}
	}

	@Test
	void aBodyOverTheLimitIsRefusedBeforeItIsSent() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.first.send("bbbbbbbbbbbb", "test", "é".repeat(ClusterBus.MAX_BODY_BYTES / 2 + 1)))
			.withMessageContaining("the most is " + ClusterBus.MAX_BODY_BYTES);
	}

	@Test
	void aReplicaWhoseListeningConnectionIsCutListensAgainAndSaysMessagesMayBeLost() throws Exception {
		CountDownLatch reconnected = new CountDownLatch(1);
		this.second.onReconnect(reconnected::countDown);
		new JdbcTemplate(this.pool).query("select pg_terminate_backend(pid) from pg_stat_activity "
				+ "where application_name = 'llmchat cluster bus bbbbbbbbbbbb'", (row) -> {
				});
		assertThat(reconnected.await(15, TimeUnit.SECONDS)).as("the bus says it listens again").isTrue();
		this.secondGot.clear();
		this.first.send("bbbbbbbbbbbb", "test", "after the cut");
		awaitSize(this.secondGot, 1);
		assertThat(this.secondGot).containsExactly("aaaaaaaaaaaa:after the cut");
	}

	private static void awaitSize(List<String> received, int size) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (received.size() < size && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		assertThat(received).hasSizeGreaterThanOrEqualTo(size);
	}

}
