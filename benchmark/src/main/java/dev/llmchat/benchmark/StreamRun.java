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
 * @param jitMsPerAnswer of {@code cpuMsPerAnswer}, the part of each JVM application on the path spent by its JIT
 * compiler threads
 */
record StreamRun(String target, int concurrency, int streams, int errors, int stored, String firstProblem,
		Latencies ttft, Latencies total, Map<String, Double> cpuMsPerAnswer, Map<String, Double> jitMsPerAnswer) {

	StreamRun {
		// absent from the results.json of a run before the JIT was read apart
		jitMsPerAnswer = (jitMsPerAnswer != null) ? jitMsPerAnswer : Map.of();
	}

	boolean allStored() {
		return this.stored == this.streams;
	}

}
