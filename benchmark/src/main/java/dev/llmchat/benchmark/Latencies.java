package dev.llmchat.benchmark;

import java.util.Arrays;

/**
 * The median and 99th percentile of a set of durations, in milliseconds (nearest-rank; NaN when there is none).
 */
record Latencies(int count, double p50Ms, double p99Ms) {

	static Latencies of(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new Latencies(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99));
	}

	static double percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(fraction * sorted.length);
		return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1_000_000d;
	}

}
