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

/**
 * The login throttle of a backend that is alone on its database: the counts live in this process's memory.
 * <p>
 * One lock guards the counts; it is held for a few map operations, never while a password is checked, and a
 * waiting request parks on a {@link Condition}, which leaves its virtual thread's carrier free.
 */
final class MemoryLoginThrottle implements LoginThrottle {

	private static final int MAX_TRACKED_KEYS = 100_000;

	private final ReentrantLock lock = new ReentrantLock();

	/** Per account and per address; guarded by {@link #lock}. A key with nothing to remember is removed. */
	private final Map<String, Slots> keys = new HashMap<>();

	private final AuthProperties properties;

	private final Clock clock;

	MemoryLoginThrottle(AuthProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Attempt begin(String email, String clientAddress) {
		String accountKey = LoginThrottle.accountKey(email);
		String addressKey = LoginThrottle.addressKey(clientAddress);
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
				Duration retryAfter = LoginThrottle.longer(blockedFor(account, this.properties.maxFailuresPerAccount(), now),
						blockedFor(address, this.properties.maxFailuresPerAddress(), now));
				if (retryAfter.isPositive()) {
					throw LoginThrottle.tooManyFailures(retryAfter);
				}
				Slots full = isFull(account, this.properties.maxFailuresPerAccount()) ? account
						: isFull(address, this.properties.maxFailuresPerAddress()) ? address : null;
				if (full == null) {
					admit(accountKey, account);
					admit(addressKey, address);
					return new MemoryAttempt(accountKey, addressKey);
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
			throw LoginThrottle.busy();
		}
		full.waiting++;
		try {
			full.freed().awaitNanos(left);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw LoginThrottle.busy();
		}
		finally {
			full.waiting--;
			forgetIfIdle(full);
		}
	}

	private void end(MemoryAttempt attempt, Verdict verdict) {
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
				this.freed = MemoryLoginThrottle.this.lock.newCondition();
			}
			return this.freed;
		}

		boolean isIdle() {
			return this.failures.isEmpty() && this.inFlight == 0 && this.waiting == 0;
		}

	}

	private final class MemoryAttempt extends Attempt {

		private final String accountKey;

		private final String addressKey;

		private MemoryAttempt(String accountKey, String addressKey) {
			this.accountKey = accountKey;
			this.addressKey = addressKey;
		}

		@Override
		void end(Verdict verdict) {
			MemoryLoginThrottle.this.end(this, verdict);
		}

	}

}
