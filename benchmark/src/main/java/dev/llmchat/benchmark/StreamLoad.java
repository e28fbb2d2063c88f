package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

/**
 * Keeps {@code concurrency} streams open at once against a target: each of that many clients streams answers back
 * to back. One untimed round first opens the connections and warms the path; then {@code rounds} rounds are timed,
 * with the CPU time the applications on the path spent in them, and the stored answers checked.
 */
final class StreamLoad {

	private final StoredAnswers database;

	private final ProcessCpu cpu;

	StreamLoad(StoredAnswers database, ProcessCpu cpu) {
		this.database = database;
		this.cpu = cpu;
	}

	StreamRun run(StreamTarget target, int concurrency, int rounds) {
		target.prepare(concurrency * (1 + rounds));
		streams(target, concurrency, 1, 0);
		Map<String, Long> before = this.cpu.ticks();
		Map<String, Long> jitBefore = this.cpu.jitTicks();
		List<StreamResult> results = streams(target, concurrency, rounds, concurrency);
		Map<String, Double> cpuMs = this.cpu.msPerUnit(before, this.cpu.ticks(), results.size(), target.applications());
		Map<String, Double> jitMs = this.cpu.msPerUnit(jitBefore, this.cpu.jitTicks(), results.size(),
				target.applications());
		List<StreamResult> failed = results.stream().filter(result -> !result.ok()).toList();
		String problem = failed.isEmpty() ? null : failed.getFirst().error();
		int stored = -1;
		if (target.stores()) {
			StoredAnswers.Check check = this.database.check(results);
			stored = check.matched();
			problem = (problem != null) ? problem : check.firstProblem();
		}
		List<StreamResult> ok = results.stream().filter(StreamResult::ok).toList();
		return new StreamRun(target.name(), concurrency, results.size(), failed.size(), stored, problem,
				Latencies.of(ok.stream().mapToLong(StreamResult::ttftNanos).toArray()),
				Latencies.of(ok.stream().mapToLong(StreamResult::totalNanos).toArray()), cpuMs, jitMs);
	}

	/** Untimed streams that warm a target up: JIT, connection pools, caches. */
	void warmUp(StreamTarget target, int concurrency, int streams) {
		int rounds = Math.max(1, streams / concurrency);
		target.prepare(concurrency * rounds);
		streams(target, concurrency, rounds, 0);
	}

	private static List<StreamResult> streams(StreamTarget target, int concurrency, int rounds, int firstIndex) {
		return Flux.range(0, concurrency)
			.flatMap(client -> Flux.range(0, rounds)
				.concatMap(round -> target.stream(firstIndex + client * rounds + round)), concurrency)
			.collectList()
			.block();
	}

}
