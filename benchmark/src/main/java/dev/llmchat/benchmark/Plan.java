package dev.llmchat.benchmark;

/**
 * How much load each part gets: the full run for the README, or a quick one (about a third of the time) to see the
 * effect of a change.
 *
 * @param warmUpStreams untimed streams per target before anything is measured
 * @param singleStreams streams one after the other at a concurrency of 1
 * @param rounds100 rounds of 100 concurrent streams
 * @param rounds1000 rounds of 1,000 concurrent streams
 * @param restRequests timed requests per REST call at 50 clients, a tenth of it at 1 client (login gets a third:
 * it hashes a password each time)
 */
record Plan(int warmUpStreams, int singleStreams, int rounds100, int rounds1000, int restRequests) {

	static final int REST_CLIENTS = 50;

	static final int LONG_CHAT_MESSAGES = 1_000;

	static final String LONG_CHAT_CALL = "open a chat of 1,000 messages";

	static Plan of(boolean quick) {
		return quick ? new Plan(100, 10, 1, 1, 300) : new Plan(300, 40, 4, 2, 1_000);
	}

}
