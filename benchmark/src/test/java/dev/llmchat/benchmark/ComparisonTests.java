package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonTests {

	private static Results results(String database, double backendCpu, Map<String, Double> frontendCpu) {
		return new Results(List.of("run: quick, " + database, "machine: test", "load average at the start: 3"),
				List.of(new StreamRun("backend", 100, 1_000, 0, 1_000, null, new Latencies(100, 60, 90),
						new Latencies(100, 560, 620), Map.of("backend", backendCpu, "simulator", 1.5), Map.of()),
						new StreamRun("frontend", 100, 100, 1, 99, "timeout", new Latencies(99, 70, Double.NaN),
								new Latencies(99, 570, 640), frontendCpu, Map.of())),
				List.of(new RestRun("list chats", Plan.REST_CLIENTS, 300, 0, null, new Latencies(300, 40, 70),
						Map.of("backend", 2.5))),
				Map.of("backend", 6_000L), Map.of("backend", 300 * 1024L), Map.of("backend", 900 * 1024L));
	}

	@Test
	void eachRunIsAColumnAndARowNoRunMeasuredIsLeftOut() {
		JsonMapper json = JsonMapper.builder().build();
		Results sqlite = results("sqlite", 11.1, Map.of("frontend", 12.5, "backend", 11.4));
		Results twoBackends = results("two", 14.0, Map.of("frontend", 12.0, "backend", 15.0, "balancer", 0.4));
		// as benchmark.sh hands them over: written by one JVM, read by another
		Results read = json.readValue(json.writeValueAsString(twoBackends), Results.class);

		String table = new Comparison(List.of("SQLite", "PostgreSQL, 2 backends"), List.of(sqlite, read)).render();

		assertThat(table).contains("- SQLite: run: quick, sqlite; load average at the start: 3")
			.contains("| path | streams at once | figure | SQLite | PostgreSQL, 2 backends |\n|---|---|---|---:|---:|")
			.contains("| backend | 100 | backend CPU ms per answer | 11.1 | 14.0 |")
			.contains("| backend | 100 | errors, stored ok | 0, 1,000 of 1,000 | 0, 1,000 of 1,000 |")
			.contains("| frontend | 100 | TTFT p50 / p99 | 70.0 / – | 70.0 / – |")
			.contains("| frontend | 100 | balancer CPU ms per answer | – | 0.40 |")
			.contains("| list chats | backend CPU ms per call | 2.50 | 2.50 |")
			.contains("| backend | RSS idle / peak at 1,000 streams MB | 300 / 900 | 300 / 900 |")
			.doesNotContain("| backend | 100 | balancer CPU ms per answer |")
			.doesNotContain("| 1,000 |")
			.doesNotContain("frontend | start to healthy");
	}

}
