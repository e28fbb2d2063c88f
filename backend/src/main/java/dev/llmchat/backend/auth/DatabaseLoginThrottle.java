package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.transaction.support.TransactionTemplate;

import dev.llmchat.backend.cluster.SharedCounts;

/**
 * The login throttle of replicas that share a PostgreSQL database: what {@link LoginThrottle} counts lives in
 * {@link SharedCounts}, so that any number of replicas together check no more passwords than one would.
 * <p>
 * A failure is a row that counts for the failure window. An attempt in flight is a row too, a lease of
 * {@link #CHECK_LEASE}, which the attempt deletes when it ends: a replica that dies while checking a password
 * cannot give its slot back, and the lease frees it. Admission is one short transaction that holds the advisory
 * locks of the account and the address while it counts and adds its lease, so two replicas cannot both take the
 * last slot; the end of an attempt takes them too, so that a count never sees a lease gone and its failure not yet
 * there (each statement reads what was committed when it began). No connection is held while the password is
 * checked. A waiting attempt looks again every
 * {@link #POLL}: the attempt it waits for may end on another replica, which has no way to wake it sooner, and
 * waiting is the rare case (a burst from one address).
 */
final class DatabaseLoginThrottle implements LoginThrottle {

	/** Far longer than a password check; how long a slot stays taken when its replica died during the check. */
	static final Duration CHECK_LEASE = Duration.ofSeconds(30);

	private static final Duration POLL = Duration.ofMillis(100);

	private final SharedCounts counts;

	private final TransactionTemplate transactions;

	private final AuthProperties properties;

	private final Clock clock;

	DatabaseLoginThrottle(SharedCounts counts, TransactionTemplate transactions, AuthProperties properties,
			Clock clock) {
		this.counts = counts;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Attempt begin(String email, String clientAddress) {
		Keys account = new Keys(LoginThrottle.accountKey(email), this.properties.maxFailuresPerAccount());
		Keys address = new Keys(LoginThrottle.addressKey(clientAddress), this.properties.maxFailuresPerAddress());
		long deadline = System.nanoTime() + this.properties.maxLoginWait().toNanos();
		for (;;) {
			Attempt admitted = this.transactions.execute((status) -> admit(account, address));
			if (admitted != null) {
				return admitted;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw LoginThrottle.busy();
			}
			try {
				Thread.sleep(Duration.ofNanos(Math.min(left, POLL.toNanos())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw LoginThrottle.busy();
			}
		}
	}

	/** The attempt with its slots taken; null when attempts in flight fill them; 429 when failures do. */
	private Attempt admit(Keys account, Keys address) {
		this.counts.lock(account.key, address.key);
		Instant now = this.clock.instant();
		SharedCounts.Tally accountFailures = this.counts.tally(account.failures());
		SharedCounts.Tally addressFailures = this.counts.tally(address.failures());
		Duration retryAfter = LoginThrottle.longer(accountFailures.blockedFor(account.max, now),
				addressFailures.blockedFor(address.max, now));
		if (retryAfter.isPositive()) {
			throw LoginThrottle.tooManyFailures(retryAfter);
		}
		if (accountFailures.count() + this.counts.tally(account.checking()).count() >= account.max
				|| addressFailures.count() + this.counts.tally(address.checking()).count() >= address.max) {
			return null;
		}
		return new DatabaseAttempt(account, address, this.counts.add(account.checking(), CHECK_LEASE),
				this.counts.add(address.checking(), CHECK_LEASE));
	}

	/** An account's or an address's key, its counters and its maximum of failures. */
	private record Keys(String key, int max) {

		String failures() {
			return "login.failed." + this.key;
		}

		String checking() {
			return "login.checking." + this.key;
		}

	}

	private final class DatabaseAttempt extends Attempt {

		private final Keys account;

		private final Keys address;

		private final long accountLease;

		private final long addressLease;

		private DatabaseAttempt(Keys account, Keys address, long accountLease, long addressLease) {
			this.account = account;
			this.address = address;
			this.accountLease = accountLease;
			this.addressLease = addressLease;
		}

		@Override
		void end(Verdict verdict) {
			SharedCounts counts = DatabaseLoginThrottle.this.counts;
			Duration window = DatabaseLoginThrottle.this.properties.failureWindow();
			DatabaseLoginThrottle.this.transactions.executeWithoutResult((status) -> {
				counts.lock(this.account.key, this.address.key);
				counts.remove(this.accountLease);
				counts.remove(this.addressLease);
				if (verdict == Verdict.SUCCEEDED) {
					counts.clear(this.account.failures());
				}
				else if (verdict == Verdict.FAILED) {
					counts.add(this.account.failures(), window);
					counts.add(this.address.failures(), window);
				}
			});
		}

	}

}
