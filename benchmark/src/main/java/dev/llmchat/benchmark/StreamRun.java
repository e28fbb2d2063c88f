package dev.llmchat.benchmark;

import java.util.Map;

/**
 * One measured run of a target at a number of concurrent streams.
 *
 * @param errors streams that failed (HTTP error, error event, no last event, timeout)
 * @param stored answers found in the database as complete with exactly the streamed text; -1 when the target
 * stores nothing
 * @param firstProblem the first error or stored-answer mismatch, for the reader; null when there was none
 * @param cpuMsPerAnswer each application on the path to the milliseconds of CPU it spent per stream of the timed
 * rounds; empty when no PID was given
 */
record StreamRun(String target, int concurrency, int streams, int errors, int stored, String firstProblem,
		Latencies ttft, Latencies total, Map<String, Double> cpuMsPerAnswer) {

	boolean allStored() {
		return this.stored == this.streams;
	}

}
