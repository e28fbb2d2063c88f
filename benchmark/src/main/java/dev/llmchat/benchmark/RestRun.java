package dev.llmchat.benchmark;

import java.util.Map;

/**
 * One REST call measured under concurrent clients.
 *
 * @param errors answers that were not 2xx, or failed
 * @param firstProblem the first of those, for the reader; null when there was none
 * @param cpuMsPerCall each application the call goes to, to the milliseconds of CPU it spent per timed request;
 * empty when no PID was given
 */
record RestRun(String call, int clients, int requests, int errors, String firstProblem, Latencies latency,
		Map<String, Double> cpuMsPerCall) {

}
