package dev.llmchat.benchmark;

/**
 * One measured run of a target at a number of concurrent streams.
 *
 * @param errors streams that failed (HTTP error, error event, no last event, timeout)
 * @param stored answers found in the database as complete with exactly the streamed text; -1 when the target
 * stores nothing
 * @param firstProblem the first error or stored-answer mismatch, for the reader; null when there was none
 */
record StreamRun(String target, int concurrency, int streams, int errors, int stored, String firstProblem,
		Latencies ttft, Latencies total) {

	boolean allStored() {
		return this.stored == this.streams;
	}

}
