package dev.llmchat.benchmark;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTests {

	@Test
	void percentilesAreNearestRankInMilliseconds() {
		long[] nanos = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * 1_000_000).toArray();
		Latencies latencies = Latencies.of(nanos);
		assertThat(latencies.count()).isEqualTo(100);
		assertThat(latencies.p50Ms()).isEqualTo(50.0);
		assertThat(latencies.p99Ms()).isEqualTo(99.0);
	}

	@Test
	void oneSampleIsEveryPercentileAndNoneIsNaN() {
		assertThat(Latencies.of(new long[] { 2_500_000 }).p99Ms()).isEqualTo(2.5);
		assertThat(Latencies.of(new long[0]).p50Ms()).isNaN();
	}

}
