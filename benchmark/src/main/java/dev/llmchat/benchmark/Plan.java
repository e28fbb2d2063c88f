package dev.llmchat.benchmark;

/**
 * How much load each part gets: the full run for the README, or a quick one (about a third of the time) to see the
 * effect of a change.
 *
 * @param warmUpStreams untimed streams per model server target (the simulator, nginx) before anything is measured
 * @param appWarmUpStreams untimed streams per target of our code (backend, frontend) before anything is measured:
 * the JIT takes thousands of answers to settle, and a server runs for days, so the full run measures it settled
 * @param warmUpConcurrency streams at once while warming up
 * @param singleStreams streams one after the other at a concurrency of 1
 * @param rounds100 rounds of 100 concurrent streams
 * @param rounds1000 rounds of 1,000 concurrent streams
 * @param restRequests timed requests per REST call at 50 clients, a tenth of it at 1 client (login gets a third:
 * it hashes a password each time)
 */
record Plan(int warmUpStreams, int appWarmUpStreams, int warmUpConcurrency, int singleStreams, int rounds100,
		int rounds1000, int restRequests) {

	static final int REST_CLIENTS = 50;

	static final int LONG_CHAT_MESSAGES = 1_000;

	static final String LONG_CHAT_CALL = "open a chat of 1,000 messages";

	static Plan of(boolean quick) {
		return quick ? new Plan(100, 100, 50, 10, 1, 1, 300) : new Plan(300, 5_000, 100, 40, 4, 2, 1_000);
	}

	/** The untimed streams that warm {@code target} up. */
	int warmUp(StreamTarget target) {
		return target.stores() ? this.appWarmUpStreams : this.warmUpStreams;
	}

	/**
	 * The answers a target has served before its timed rounds at 100 streams: the warm-up, the level of 1 stream
	 * and the untimed round that opens each level.
	 */
	int answersBefore100(StreamTarget target) {
		return Math.max(1, warmUp(target) / this.warmUpConcurrency) * this.warmUpConcurrency + 1 + this.singleStreams
				+ 100;
	}

}
