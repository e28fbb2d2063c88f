package dev.llmchat.benchmark;

/**
 * One REST call measured under concurrent clients.
 *
 * @param errors answers that were not 2xx, or failed
 * @param firstProblem the first of those, for the reader; null when there was none
 */
record RestRun(String call, int clients, int requests, int errors, String firstProblem, Latencies latency) {

}
