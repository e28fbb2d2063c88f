package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private static StreamRun run(String target, int concurrency, double ttftP50, double ttftP99, int errors,
			int stored) {
		return run(target, concurrency, ttftP50, ttftP99, errors, stored, Map.of());
	}

	private static StreamRun run(String target, int concurrency, double ttftP50, double ttftP99, int errors,
			int stored, Map<String, Double> cpuMsPerAnswer) {
		return new StreamRun(target, concurrency, 100, errors, stored, null, new Latencies(100, ttftP50, ttftP99),
				new Latencies(100, 550, 600), cpuMsPerAnswer, Map.of());
	}

	private static RestRun rest(String call, double p50) {
		return rest(call, p50, Map.of());
	}

	private static RestRun rest(String call, double p50, Map<String, Double> cpuMsPerCall) {
		return new RestRun(call, Plan.REST_CLIENTS, 100, 0, null, new Latencies(100, p50, p50 * 2), cpuMsPerCall);
	}

	@Test
	void addedTimesAreThePathsPercentilesMinusTheSimulatorsAndEachTargetIsJudged() {
		Results results = new Results(List.of("machine: test"),
				List.of(run("simulator", 100, 50, 60, 0, -1), run("nginx", 100, 50.5, 61, 0, -1),
						run("backend", 100, 51.5, 65, 0, 100), run("backend", 1_000, 300, 900, 0, 99)),
				List.of(rest("list chats", 2.5), rest("login", 150)), Map.of("backend", 2_500L),
				Map.of("backend", 200_000L), Map.of("backend", 400_000L));

		String table = Report.render(results);

		assertThat(table).contains("- machine: test")
			.contains("| backend | 100 | 100 | 0 | 100 | 51.5 | 65.0 | 550.0 | 600.0 | 1.50 | 5.00 | 0.00 | 0.00 |")
			.contains("## Targets (issue 12)")
			.contains("| backend: added TTFT p50 at 100 streams ≤ 10 ms | 1.50 ms | met |")
			.contains("| backend: added TTFT p99 at 100 streams ≤ 30 ms | 5.00 ms | met |")
			.contains("| backend: added TTFT p50 at 1 stream ≤ 1 ms | not measured | **not met** |")
			.contains("| backend: errors 0, every answer stored exactly (all levels) | 0 errors, 199 of 200 stored "
					+ "| **not met** |")
			.contains("| list chats: p50 at 50 clients ≤ 10 ms | 2.50 ms | met |")
			.contains("| backend: start to healthy ≤ 2.5 s | 2.50 s | met |")
			.contains("| backend: RSS peak at 1,000 streams ≤ 400 MB | 390.6 MB | met |")
			.contains("| frontend: added TTFT p50 at 100 streams ≤ 20 ms | not measured | **not met** |")
			.doesNotContain("CPU ms");
	}

	@Test
	void cpuPerAnswerAndPerCallStandBesideTheLatenciesForEachApplicationOnThePath() {
		Results results = new Results(List.of(),
				List.of(run("simulator", 100, 50, 60, 0, -1, Map.of("simulator", 0.8)),
						run("backend", 100, 51.5, 65, 0, 100, Map.of("backend", 12.25, "simulator", 0.9)),
						run("frontend", 100, 60, 80, 0, 100,
								Map.of("frontend", 20.0, "backend", 12.5, "simulator", 0.85))),
				List.of(rest("list chats", 2.5, Map.of("backend", 1.5))), Map.of(), Map.of(), Map.of());

		String table = Report.render(results);

		assertThat(table).contains("*CPU ms* is the CPU time")
			.contains("| added whole p99 | simulator CPU ms | backend CPU ms | frontend CPU ms |\n"
					+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
			.contains("| simulator | 100 | 100 | 0 | – | 50.0 | 60.0 | 550.0 | 600.0 | – | – | – | – | 0.80 | – | – |\n")
			.contains("| backend | 100 | 100 | 0 | 100 | 51.5 | 65.0 | 550.0 | 600.0 | 1.50 | 5.00 | 0.00 | 0.00 | 0.90 "
					+ "| 12.3 | – |\n")
			.contains("| frontend | 100 | 100 | 0 | 100 | 60.0 | 80.0 | 550.0 | 600.0 | 10.0 | 20.0 | 0.00 | 0.00 | 0.85 "
					+ "| 12.5 | 20.0 |\n")
			.contains("| p50 ms | p99 ms | backend CPU ms |\n|---|---:|---:|---:|---:|---:|---:|\n")
			.contains("| list chats | 50 | 100 | 0 | 2.50 | 5.00 | 1.50 |\n");
	}

	@Test
	void theJitPartStandsInTheCpuCellOfEachJvmThatHasOne() {
		StreamRun backend = new StreamRun("backend", 100, 100, 0, 100, null, new Latencies(100, 51, 60),
				new Latencies(100, 550, 600), Map.of("backend", 4.1, "simulator", 0.9), Map.of("backend", 1.8));
		Results results = new Results(List.of(), List.of(backend), List.of(), Map.of(), Map.of(), Map.of());

		String table = Report.render(results);

		assertThat(table).contains("*(JIT …)* is the part of it the JVM's JIT compiler threads spent")
			.contains("| 0.90 | 4.10 (JIT 1.80) |\n");
	}

}
