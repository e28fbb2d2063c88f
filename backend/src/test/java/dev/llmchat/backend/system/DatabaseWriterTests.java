package dev.llmchat.backend.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes that queue up behind a running one are committed together, and each still gets its own outcome: a write
 * that fails undoes only itself. (On PostgreSQL every write runs alone on its caller's thread: the outcomes are the
 * same.)
 */
class DatabaseWriterTests extends BackendTest {

	@Autowired
	DatabaseWriter writer;

	@BeforeEach
	void settingsTableIsEmptyOfTestRows() {
		this.jdbc.update("delete from settings where name like 'writer-test-%'");
	}

	@AfterEach
	void removeTestRows() {
		this.jdbc.update("delete from settings where name like 'writer-test-%'");
	}

	@Test
	void queuedWritesAreCommittedTogetherAndAFailingOneUndoesOnlyItself() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread first = Thread.ofVirtual().start(() -> this.writer.write(status -> {
			this.jdbc.update("insert into settings (name, value) values ('writer-test-first', '1')");
			writing.countDown();
			return awaitQuietly(release);
		}));
		assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

		// while the first write holds the writer, twenty more queue up; the tenth repeats a key and must fail alone
		List<Thread> queued = new ArrayList<>();
		List<AtomicReference<Object>> outcomes = new ArrayList<>();
		Set<Object> transactions = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < 20; i++) {
			String name = (i == 10) ? "writer-test-first" : "writer-test-" + i;
			AtomicReference<Object> outcome = new AtomicReference<>();
			outcomes.add(outcome);
			queued.add(Thread.ofVirtual().start(() -> {
				try {
					outcome.set(this.writer.write(status -> {
						transactions.add(status);
						this.jdbc.update("insert into settings (name, value) values (?, 'queued')", name);
						return name;
					}));
				}
				catch (RuntimeException ex) {
					outcome.set(ex);
				}
			}));
		}
		Thread.sleep(300);
		release.countDown();
		first.join(5_000);
		for (Thread thread : queued) {
			thread.join(5_000);
		}

		for (int i = 0; i < 20; i++) {
			if (i == 10) {
				// its own exception: the repeated key (SQLite's and PostgreSQL's messages both name the column)
				assertThat(outcomes.get(i).get()).isInstanceOf(DataAccessException.class)
					.asString()
					.containsIgnoringCase("name");
			}
			else {
				assertThat(outcomes.get(i).get()).isEqualTo("writer-test-" + i);
			}
		}
		if (DATABASE == DatabaseKind.SQLITE) {
			// one writer: the twenty were one transaction
			assertThat(transactions).hasSize(1);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from settings where name like 'writer-test-%'",
				Integer.class)).isEqualTo(20);
		assertThat(this.jdbc.queryForObject("select value from settings where name = 'writer-test-first'",
				String.class)).isEqualTo("1");
	}

	@Test
	void aWriteIsCommittedWhenItsCallerHearsOfIt() {
		for (int i = 0; i < 50; i++) {
			String name = "writer-test-" + i;
			this.writer.write(status -> this.jdbc.update("insert into settings (name, value) values (?, 'x')", name));
			// read on another connection: the readers' pool on SQLite
			assertThat(this.jdbc.queryForObject("select count(*) from settings where name = ?", Integer.class, name))
				.isEqualTo(1);
		}
	}

	@Test
	void aFailingWriteGivesItsCallerItsOwnException() {
		assertThatThrownBy(() -> this.writer.write(status -> {
			throw new InvalidRequestException("refused by the write itself");
		})).isInstanceOf(InvalidRequestException.class).hasMessage("refused by the write itself");
	}

	private static boolean awaitQuietly(CountDownLatch latch) {
		try {
			return latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
