package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTests {

	private static StreamRun run(String target, int concurrency, double ttftP50, double ttftP99,
			Map<String, Double> cpuMs) {
		return new StreamRun(target, concurrency, 100, 0, target.equals("simulator") ? -1 : 100, null,
				new Latencies(100, ttftP50, ttftP99), new Latencies(100, 550, 600), cpuMs, Map.of());
	}

	private static Optional<Target.Measured> measure(String what, Results results) {
		return Target.ISSUE_12.stream()
			.filter(target -> target.what().equals(what))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no target " + what))
			.measure()
			.apply(results);
	}

	private final Results results = new Results(List.of(),
			List.of(run("simulator", 1, 40, 41, Map.of()), run("backend", 1, 41.5, 42, Map.of()),
					run("frontend", 1, 41.5, 42, Map.of()), run("simulator", 100, 50, 60, Map.of()),
					run("backend", 100, 58, 95, Map.of("backend", 0.8, "simulator", 0.5)),
					run("frontend", 100, 75, 100, Map.of("frontend", 1.2, "backend", 0.9))),
			List.of(new RestRun(Plan.LONG_CHAT_CALL, Plan.REST_CLIENTS, 100, 2, "HTTP 500",
					new Latencies(98, 40, 80), Map.of())),
			Map.of("frontend", 2_600L), Map.of(), Map.of("frontend", 200 * 1024L));

	@Test
	void addedTtftIsThePathsPercentileMinusTheSimulatorsAtTheSameConcurrency() {
		assertThat(measure("backend: added TTFT p50 at 1 stream ≤ 1 ms", this.results))
			.contains(new Target.Measured("1.50 ms", false));
		assertThat(measure("frontend: added TTFT p50 at 1 stream ≤ 2 ms", this.results))
			.contains(new Target.Measured("1.50 ms", true));
		assertThat(measure("backend: added TTFT p50 at 100 streams ≤ 10 ms", this.results))
			.contains(new Target.Measured("8.00 ms", true));
		assertThat(measure("backend: added TTFT p99 at 100 streams ≤ 30 ms", this.results))
			.contains(new Target.Measured("35.0 ms", false));
		assertThat(measure("frontend: added TTFT p99 at 100 streams ≤ 60 ms", this.results))
			.contains(new Target.Measured("40.0 ms", true));
		assertThat(measure("backend: added TTFT p50 at 1,000 streams ≤ 150 ms", this.results)).isEmpty();
	}

	@Test
	void cpuPerAnswerIsThePathsOwnApplicationAtOneHundredStreams() {
		assertThat(measure("backend: CPU per streamed answer at 100 streams ≤ 1 ms", this.results))
			.contains(new Target.Measured("0.80 ms", true));
		// the backend's 0.9 ms on the frontend's path is not the frontend's
		assertThat(measure("frontend: CPU per streamed answer at 100 streams ≤ 1 ms", this.results))
			.contains(new Target.Measured("1.20 ms", false));
	}

	@Test
	void errorsAndStoredAnswersCountOverEveryLevelOfThePath() {
		assertThat(measure("backend: errors 0, every answer stored exactly (all levels)", this.results))
			.contains(new Target.Measured("0 errors, 200 of 200 stored", true));
	}

	@Test
	void startUpMemoryAndRestAreJudgedAgainstTheirLimitsAndARestErrorFailsTheTarget() {
		assertThat(measure("frontend: start to healthy ≤ 2.5 s", this.results))
			.contains(new Target.Measured("2.60 s", false));
		assertThat(measure("frontend: RSS peak at 1,000 streams ≤ 300 MB", this.results))
			.contains(new Target.Measured("200.0 MB", true));
		assertThat(measure("backend: start to healthy ≤ 2.5 s", this.results)).isEmpty();
		assertThat(measure(Plan.LONG_CHAT_CALL + ": p50 at 50 clients ≤ 60 ms", this.results))
			.contains(new Target.Measured("40.0 ms, 2 errors", false));
	}

	@Test
	void everyFigureOfIssue12HasATargetForEachPath() {
		assertThat(Target.ISSUE_12).hasSize(2 * 8 + 3);
	}

}
