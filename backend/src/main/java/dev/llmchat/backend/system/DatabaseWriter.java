package dev.llmchat.backend.system;

import java.sql.Connection;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every writing transaction. On SQLite they run on one platform thread that keeps its one writing connection
 * busy: request threads are virtual, and when they queued for the connection themselves, each hand-over waited until
 * the next holder was scheduled behind every other runnable request, and the connection sat idle while a hundred
 * answers waited to start. Writes that queue up while one commits are committed together (group commit): one
 * transaction with a savepoint per write, so that a write that fails undoes only itself, and each caller gets its
 * own result or exception once the whole group is committed. Should the commit itself fail, each write of the group
 * runs again alone. The caller waits for the outcome (even when interrupted, so that it always knows whether its
 * write happened). A write must not mark its transaction rollback-only: it throws to undo what it wrote. PostgreSQL
 * takes many writers at once: there a transaction runs on the caller's thread.
 */
@Component
public class DatabaseWriter implements DisposableBean {

	/** At most this many writes share a commit, so that a long queue still commits every few milliseconds. */
	static final int MOST_PER_COMMIT = 64;

	private static final Logger logger = LoggerFactory.getLogger(DatabaseWriter.class);

	private static final String STOPPED = "The database writer has stopped: the application is shutting down.";

	private final TransactionTemplate transactions;

	private final EntityManager entities;

	private final boolean oneWriter;

	private final BlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();

	/** Queued by {@link #destroy()}: the writes before it are still committed, the writes after it refused. */
	private final Write<Void> stop = new Write<>(status -> null);

	private final Thread thread;

	/** Set by the writer's thread before it refuses what is still queued and ends. */
	private volatile boolean stopped;

	DatabaseWriter(TransactionTemplate transactions, EntityManager entities, DatabaseUrl database) {
		this.transactions = transactions;
		this.entities = entities;
		this.oneWriter = database.isSqlite();
		this.thread = Thread.ofPlatform().name("llmchat-db-writer").daemon(true).unstarted(this::run);
		if (this.oneWriter) {
			this.thread.start();
		}
	}

	/** Runs {@code work} in a writing transaction and returns its result. */
	public <T> T write(TransactionCallback<T> work) {
		if (!this.oneWriter || Thread.currentThread() == this.thread) {
			return this.transactions.execute(work);
		}
		Write<T> write = new Write<>(work);
		this.queue.add(write);
		if (this.stopped) {
			refuse(List.of());
		}
		return write.await();
	}

	private void run() {
		List<Write<?>> group = new ArrayList<>();
		while (true) {
			try {
				group.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				group.add(this.stop);
			}
			this.queue.drainTo(group, MOST_PER_COMMIT - 1);
			int stopAt = group.indexOf(this.stop);
			List<Write<?>> writes = (stopAt < 0) ? group : group.subList(0, stopAt);
			if (writes.size() == 1) {
				runAlone(writes.get(0));
			}
			else if (!writes.isEmpty()) {
				runTogether(writes);
			}
			if (stopAt >= 0) {
				this.stopped = true;
				refuse(group.subList(stopAt + 1, group.size()));
				return;
			}
			group.clear();
		}
	}

	private void runAlone(Write<?> write) {
		try {
			write.runIn(this.transactions);
		}
		catch (RuntimeException | Error ex) {
			write.failed(ex);
		}
		write.complete();
	}

	private void runTogether(List<Write<?>> group) {
		try {
			this.transactions.executeWithoutResult(status -> group.forEach(write -> runInSavepoint(write, status)));
		}
		catch (RuntimeException | Error ex) {
			logger.warn("{} writes committed together failed ({}): each runs again alone", group.size(), ex.toString());
			group.forEach(this::runAlone);
			return;
		}
		group.forEach(Write::complete);
	}

	/**
	 * A JDBC savepoint on the transaction's connection: JPA's transaction manager has none of its own, and the
	 * entities a write changed are flushed before its savepoint is released, or dropped when it fails.
	 */
	private void runInSavepoint(Write<?> write, TransactionStatus status) {
		Session session = this.entities.unwrap(Session.class);
		Savepoint savepoint = session.doReturningWork(Connection::setSavepoint);
		try {
			write.runIn(status);
			this.entities.flush();
			session.doWork(connection -> connection.releaseSavepoint(savepoint));
		}
		catch (RuntimeException ex) {
			session.doWork(connection -> {
				connection.rollback(savepoint);
				connection.releaseSavepoint(savepoint);
			});
			this.entities.clear();
			write.failed(ex);
		}
	}

	/**
	 * Fails the writes queued after the stop, and what is still queued: called by the writer's thread as it ends, and
	 * by a caller that queued its write after the thread ended.
	 */
	private void refuse(List<Write<?>> late) {
		List<Write<?>> refused = new ArrayList<>(late);
		this.queue.drainTo(refused);
		for (Write<?> write : refused) {
			write.failed(new IllegalStateException(STOPPED));
			write.complete();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		if (this.oneWriter) {
			this.queue.add(this.stop);
			this.thread.join(10_000);
		}
	}

	/** One caller's write and, once its group is committed, its outcome. */
	private static final class Write<T> {

		private final TransactionCallback<T> work;

		private final CompletableFuture<T> outcome = new CompletableFuture<>();

		private T result;

		private Throwable failure;

		Write(TransactionCallback<T> work) {
			this.work = work;
		}

		void runIn(TransactionTemplate transactions) {
			this.result = transactions.execute(this.work);
			this.failure = null;
		}

		void runIn(TransactionStatus status) {
			this.result = this.work.doInTransaction(status);
			this.failure = null;
		}

		void failed(Throwable failure) {
			this.failure = failure;
		}

		void complete() {
			if (this.failure != null) {
				this.outcome.completeExceptionally(this.failure);
			}
			else {
				this.outcome.complete(this.result);
			}
		}

		T await() {
			boolean interrupted = false;
			try {
				while (true) {
					try {
						return this.outcome.get();
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
					catch (ExecutionException ex) {
						if (ex.getCause() instanceof RuntimeException failure) {
							throw failure;
						}
						if (ex.getCause() instanceof Error error) {
							throw error;
						}
						throw new IllegalStateException(ex.getCause());
					}
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
