package dev.llmchat.backend.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

import dev.llmchat.backend.system.TooManyRequestsException;

/**
 * Slows down password guessing: once an account, or a client address, has reached its maximum of failed logins
 * within the window, its logins answer 429 with Retry-After until the oldest failure leaves the window.
 * <p>
 * Failures are counted when a password turned out wrong; attempts whose password is being checked are counted
 * apart, as in flight. An attempt is admitted only while the failures and the attempts in flight together stay
 * below the maximum, so a burst of concurrent guesses cannot check more passwords than the limit allows, however
 * many arrive at once. When attempts in flight, not failures, fill the slots (an office behind one address signing
 * in at nine), a new attempt waits its turn until one of them ends, and is then checked again; a correct login
 * never pays for failures that did not happen. The wait is bounded: past {@code maxLoginWait} the attempt is
 * refused as busy, not as failed.
 * <p>
 * One lock guards the counts; it is held for a few map operations, never while a password is checked, and a
 * waiting request parks on a {@link Condition}, which leaves its virtual thread's carrier free.
 */
@Component
class LoginThrottle {

	private static final int MAX_TRACKED_KEYS = 100_000;

	private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(5);

	private final ReentrantLock lock = new ReentrantLock();

	/** Per account and per address; guarded by {@link #lock}. A key with nothing to remember is removed. */
	private final Map<String, Slots> keys = new HashMap<>();

	private final AuthProperties properties;

	private final Clock clock;

	LoginThrottle(AuthProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Admits a login attempt for the account and the address, waiting while other attempts in flight take their
	 * slots. Refuses it with 429 when either has reached its maximum of failures in the window, or when no slot
	 * came free within {@code maxLoginWait}. The caller ends the attempt with {@link Attempt#succeeded()},
	 * {@link Attempt#failed()} or, when neither applies, {@link Attempt#close()}.
	 */
	Attempt begin(String email, String clientAddress) {
		String accountKey = "account:" + email;
		String addressKey = "address:" + clientAddress;
		long deadline = System.nanoTime() + this.properties.maxLoginWait().toNanos();
		this.lock.lock();
		try {
			for (;;) {
				Instant now = this.clock.instant();
				if (this.keys.size() > MAX_TRACKED_KEYS) {
					pruneAll(now);
				}
				Slots account = live(accountKey, now);
				Slots address = live(addressKey, now);
				Duration retryAfter = longer(blockedFor(account, this.properties.maxFailuresPerAccount(), now),
						blockedFor(address, this.properties.maxFailuresPerAddress(), now));
				if (retryAfter.isPositive()) {
					throw new TooManyRequestsException("Too many failed logins. Wait "
							+ Math.max(1, retryAfter.toSeconds()) + " seconds and try again.", retryAfter);
				}
				Slots full = isFull(account, this.properties.maxFailuresPerAccount()) ? account
						: isFull(address, this.properties.maxFailuresPerAddress()) ? address : null;
				if (full == null) {
					admit(accountKey, account);
					admit(addressKey, address);
					return new Attempt(accountKey, addressKey);
				}
				waitForTurn(full, deadline);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many accounts and addresses are remembered now: those with failures in the window or attempts running. */
	int trackedKeys() {
		this.lock.lock();
		try {
			return this.keys.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How long the key refuses logins for its failures alone (pruned to the window); zero when it does not. */
	private Duration blockedFor(Slots slots, int max, Instant now) {
		if (slots == null || slots.failures.size() < max) {
			return Duration.ZERO;
		}
		return Duration.between(now, slots.failures.peekFirst().plus(this.properties.failureWindow()));
	}

	private static Duration longer(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

	private static boolean isFull(Slots slots, int max) {
		return slots != null && slots.failures.size() + slots.inFlight >= max;
	}

	private void admit(String key, Slots slots) {
		Slots admitted = (slots != null) ? slots : this.keys.computeIfAbsent(key, (k) -> new Slots(k));
		admitted.inFlight++;
	}

	/** Waits until an attempt in flight on the full key ends; the caller checks everything again. */
	private void waitForTurn(Slots full, long deadline) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw busy();
		}
		full.waiting++;
		try {
			full.freed().awaitNanos(left);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw busy();
		}
		finally {
			full.waiting--;
			forgetIfIdle(full);
		}
	}

	private static TooManyRequestsException busy() {
		return new TooManyRequestsException("Too many sign-ins at once; try again in a few seconds.",
				BUSY_RETRY_AFTER);
	}

	private void end(Attempt attempt, Verdict verdict) {
		this.lock.lock();
		try {
			Slots account = this.keys.get(attempt.accountKey);
			Slots address = this.keys.get(attempt.addressKey);
			if (verdict == Verdict.SUCCEEDED) {
				account.failures.clear();
			}
			Instant now = this.clock.instant();
			for (Slots slots : new Slots[] { account, address }) {
				slots.inFlight--;
				if (verdict == Verdict.FAILED) {
					slots.failures.addLast(now);
				}
				if (slots.freed != null) {
					slots.freed.signalAll();
				}
				forgetIfIdle(slots);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The key's slots with the failures that left the window dropped, or null when it has nothing to remember. */
	private Slots live(String key, Instant now) {
		Slots slots = this.keys.get(key);
		if (slots != null) {
			prune(slots, now);
			if (forgetIfIdle(slots)) {
				return null;
			}
		}
		return slots;
	}

	private void pruneAll(Instant now) {
		for (Iterator<Slots> all = this.keys.values().iterator(); all.hasNext();) {
			Slots slots = all.next();
			prune(slots, now);
			if (slots.isIdle()) {
				all.remove();
			}
		}
	}

	private void prune(Slots slots, Instant now) {
		Instant start = now.minus(this.properties.failureWindow());
		while (!slots.failures.isEmpty() && !slots.failures.peekFirst().isAfter(start)) {
			slots.failures.removeFirst();
		}
	}

	private boolean forgetIfIdle(Slots slots) {
		return slots.isIdle() && this.keys.remove(slots.key, slots);
	}

	private enum Verdict {

		SUCCEEDED, FAILED, UNDECIDED

	}

	/** What one account or address has: failures in the window, attempts in flight, requests waiting for a turn. */
	private final class Slots {

		private final String key;

		private final Deque<Instant> failures = new ArrayDeque<>(4);

		private int inFlight;

		private int waiting;

		/** Signalled when an attempt in flight ends; made when the first request waits. */
		private Condition freed;

		Slots(String key) {
			this.key = key;
		}

		Condition freed() {
			if (this.freed == null) {
				this.freed = LoginThrottle.this.lock.newCondition();
			}
			return this.freed;
		}

		boolean isIdle() {
			return this.failures.isEmpty() && this.inFlight == 0 && this.waiting == 0;
		}

	}

	/**
	 * A login attempt whose password is being checked. It ends once: {@link #succeeded()} clears the account's
	 * failures, {@link #failed()} counts a failure for the account and the address, and {@link #close()} without
	 * either (the check never gave a verdict) just gives the slot back.
	 */
	final class Attempt implements AutoCloseable {

		private final String accountKey;

		private final String addressKey;

		private boolean ended;

		private Attempt(String accountKey, String addressKey) {
			this.accountKey = accountKey;
			this.addressKey = addressKey;
		}

		void succeeded() {
			endOnce(Verdict.SUCCEEDED);
		}

		void failed() {
			endOnce(Verdict.FAILED);
		}

		@Override
		public void close() {
			endOnce(Verdict.UNDECIDED);
		}

		private void endOnce(Verdict verdict) {
			if (!this.ended) {
				this.ended = true;
				end(this, verdict);
			}
		}

	}

}
