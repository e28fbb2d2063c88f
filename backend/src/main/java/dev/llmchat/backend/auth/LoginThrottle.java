package dev.llmchat.backend.auth;

import java.time.Duration;

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
 * A backend alone on its database counts in memory ({@link MemoryLoginThrottle}); replicas that share a PostgreSQL
 * database count together in it ({@link DatabaseLoginThrottle}). {@link AuthConfiguration} chooses.
 */
interface LoginThrottle {

	/**
	 * Admits a login attempt for the account and the address, waiting while other attempts in flight take their
	 * slots. Refuses it with 429 when either has reached its maximum of failures in the window, or when no slot
	 * came free within {@code maxLoginWait}. The caller ends the attempt with {@link Attempt#succeeded()},
	 * {@link Attempt#failed()} or, when neither applies, {@link Attempt#close()}.
	 */
	Attempt begin(String email, String clientAddress);

	static String accountKey(String email) {
		return "account:" + email;
	}

	static String addressKey(String clientAddress) {
		return "address:" + clientAddress;
	}

	static Duration longer(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

	static TooManyRequestsException tooManyFailures(Duration retryAfter) {
		return new TooManyRequestsException("Too many failed logins. Wait " + Math.max(1, retryAfter.toSeconds())
				+ " seconds and try again.", retryAfter);
	}

	static TooManyRequestsException busy() {
		return new TooManyRequestsException("Too many sign-ins at once; try again in a few seconds.",
				Duration.ofSeconds(5));
	}

	/** How an attempt ended. */
	enum Verdict {

		SUCCEEDED, FAILED, UNDECIDED

	}

	/**
	 * A login attempt whose password is being checked. It ends once: {@link #succeeded()} clears the account's
	 * failures, {@link #failed()} counts a failure for the account and the address, and {@link #close()} without
	 * either (the check never gave a verdict) just gives the slot back.
	 */
	abstract class Attempt implements AutoCloseable {

		private boolean ended;

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
				end(verdict);
			}
		}

		/** Gives the attempt's slots back and counts its verdict; called once. */
		abstract void end(Verdict verdict);

	}

}
