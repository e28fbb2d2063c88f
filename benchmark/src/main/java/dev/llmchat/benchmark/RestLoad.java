package dev.llmchat.benchmark;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A REST call made by many clients at once, each sending its next request when the last one answered, with the CPU
 * time the applications that answer it spent.
 */
final class RestLoad {

	private final int clients;

	private final ProcessCpu cpu;

	private final List<String> applications;

	RestLoad(int clients, ProcessCpu cpu, List<String> applications) {
		this.clients = clients;
		this.cpu = cpu;
		this.applications = applications;
	}

	/** Half as many untimed requests first (JIT, pools, caches), then {@code requests} timed ones. */
	RestRun run(String call, int requests, Supplier<Mono<Reply>> request) {
		timed(Math.max(this.clients, requests / 2), request);
		Map<String, Long> before = this.cpu.ticks();
		List<Timed> results = timed(requests, request);
		Map<String, Double> cpuMs = this.cpu.msPerUnit(before, this.cpu.ticks(), results.size(), this.applications);
		List<Timed> failed = results.stream().filter(result -> result.problem() != null).toList();
		long[] nanos = results.stream().filter(result -> result.problem() == null).mapToLong(Timed::nanos).toArray();
		return new RestRun(call, this.clients, results.size(), failed.size(),
				failed.isEmpty() ? null : failed.getFirst().problem(), Latencies.of(nanos), cpuMs);
	}

	private List<Timed> timed(int requests, Supplier<Mono<Reply>> request) {
		return Flux.range(0, requests).flatMap(i -> Mono.defer(() -> {
			long start = System.nanoTime();
			return request.get()
				.map(reply -> new Timed(System.nanoTime() - start,
						reply.ok() ? null : "HTTP " + reply.status() + ": " + reply.body()))
				.onErrorResume(ex -> Mono.just(new Timed(System.nanoTime() - start, ex.toString())));
		}), this.clients).collectList().block();
	}

	private record Timed(long nanos, String problem) {
	}

}
