package dev.llmchat.backend.system;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every writing transaction. On SQLite they run one after the other on one platform thread that keeps its one
 * writing connection busy: request threads are virtual, and when they queued for the connection themselves, each
 * hand-over waited until the next holder was scheduled behind every other runnable request, and the connection sat
 * idle while a hundred answers waited to start. The caller waits for the outcome (even when interrupted, so that
 * it always knows whether its write happened) and gets the transaction's own exception. PostgreSQL takes many
 * writers at once: there a transaction runs on the caller's thread.
 */
@Component
public class DatabaseWriter implements DisposableBean {

	private final TransactionTemplate transactions;

	private final ExecutorService thread = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("llmchat-db-writer").daemon(true).factory());

	private final boolean oneWriter;

	private volatile Thread writerThread;

	DatabaseWriter(TransactionTemplate transactions, DatabaseUrl database) {
		this.transactions = transactions;
		this.oneWriter = database.isSqlite();
	}

	/** Runs {@code work} in a writing transaction and returns its result. */
	public <T> T write(TransactionCallback<T> work) {
		if (!this.oneWriter || Thread.currentThread() == this.writerThread) {
			return this.transactions.execute(work);
		}
		CompletableFuture<T> outcome = CompletableFuture.supplyAsync(() -> {
			this.writerThread = Thread.currentThread();
			return this.transactions.execute(work);
		}, this.thread);
		return await(outcome);
	}

	private static <T> T await(CompletableFuture<T> outcome) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return outcome.get();
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

	@Override
	public void destroy() throws InterruptedException {
		this.thread.shutdown();
		this.thread.awaitTermination(10, TimeUnit.SECONDS);
	}

}
