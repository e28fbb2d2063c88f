package dev.llmchat.backend.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counters that every replica on the PostgreSQL database shares, kept as rows of {@code counted_events}: each
 * event counts until it expires, so a counter is a sliding window (failed logins in the last 15 minutes, answers
 * started in the last minute) or a lease (a login being checked, which a replica that dies can no longer give back).
 * <p>
 * A check and the event it admits must not interleave with another replica's: {@link #lock} takes a transaction's
 * advisory lock on the counters, so whoever counts next sees what this transaction adds. Every method runs in the
 * caller's transaction. Expired rows are swept at most once a minute per replica, by the transaction that adds one.
 */
public final class SharedCounts {

	private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final AtomicLong nextSweep = new AtomicLong();

	public SharedCounts(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Waits until no other transaction holds any of the counters, and holds them until this one ends. Counters are
	 * locked in one order, so two transactions that lock the same pair cannot deadlock.
	 */
	public void lock(String... counters) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Shared counters are locked for a transaction; none is active");
		}
		String[] ordered = counters.clone();
		Arrays.sort(ordered);
		for (String counter : ordered) {
			this.jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
					"llmchat." + counter);
		}
	}

	/** The counter's events that have not expired: how many, and when the first of them expires. */
	public Tally tally(String counter) {
		return this.jdbc.queryForObject(
				"select count(*), min(expires_at) from counted_events where counter = ? and expires_at > ?",
				(row, n) -> new Tally(row.getInt(1),
						(row.getObject(2) != null) ? Instant.ofEpochMilli(row.getLong(2)) : null),
				counter, this.clock.millis());
	}

	/** Counts one event for {@code lifetime} from now; returns its id, for {@link #remove}. */
	public long add(String counter, Duration lifetime) {
		long now = this.clock.millis();
		long previous = this.nextSweep.get();
		if (now >= previous && this.nextSweep.compareAndSet(previous, now + SWEEP_EVERY.toMillis())) {
			this.jdbc.update("delete from counted_events where expires_at <= ?", now);
		}
		return this.jdbc.queryForObject("insert into counted_events (counter, expires_at) values (?, ?) returning id",
				Long.class, counter, now + lifetime.toMillis());
	}

	/** Takes back one event that {@link #add} counted, before it expires. */
	public void remove(long id) {
		this.jdbc.update("delete from counted_events where id = ?", id);
	}

	/** Forgets every event of the counter. */
	public void clear(String counter) {
		this.jdbc.update("delete from counted_events where counter = ?", counter);
	}

	/**
	 * A counter's value now.
	 *
	 * @param count its events that have not expired
	 * @param firstExpiry when the first of them expires; null when there are none
	 */
	public record Tally(int count, Instant firstExpiry) {

		/** How long until the count drops below {@code max}, counting only its expiries; zero when it is below. */
		public Duration blockedFor(int max, Instant now) {
			return (this.count < max) ? Duration.ZERO : Duration.between(now, this.firstExpiry);
		}

	}

}
