package dev.llmchat.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The results as Markdown: the streams and the REST calls with the CPU each application spent per answer and per call,
 * start-up and memory, and each target of issue 12 as met or not met.
 */
final class Report {

	static final String DIRECT = "simulator";

	/** PostgreSQL's processes serving the run's database: on the path of what the backend stores. */
	static final String POSTGRESQL = "postgresql";

	private static final List<String> APPLICATIONS = List.of("simulator", "nginx", "balancer", "backend",
			POSTGRESQL, "frontend");

	private final Results results;

	private final StringBuilder out = new StringBuilder();

	private Report(Results results) {
		this.results = results;
	}

	static String render(Results results) {
		return new Report(results).build();
	}

	private String build() {
		this.out.append("# Benchmark results\n\n");
		this.results.context().forEach(line -> this.out.append("- ").append(line).append('\n'));
		streams();
		rest();
		applications();
		targets();
		return this.out.toString();
	}

	private void streams() {
		List<String> cpu = measured(this.results.streams().stream().map(StreamRun::cpuMsPerAnswer));
		this.out.append("""

				## Streams

				Milliseconds from sending the request: to the first token (TTFT) and to the answer's last event \
				(whole). *Added* is the path's percentile minus the same percentile of the simulator asked straight \
				at the same concurrency. Each stored answer is read back from the backend's database: status \
				`complete` and exactly the streamed text.
				""");
		if (!cpu.isEmpty()) {
			this.out.append("""

					*CPU ms* is the CPU time (user + system, from `/proc/PID/stat`; the JIT compiler and the garbage \
					collector included) each application on the path spent in the timed rounds, per answer streamed. \
					Other work on a shared machine makes the latencies wait but does not make an answer cost more \
					CPU: it is the figure to improve first and to report each change by. The simulator's (and \
					nginx's) is the floor, an answer without our code.

					*(JIT …)* is the part of it the JVM's JIT compiler threads spent, compiling the code path to \
					machine code. It shrinks as the JIT settles, which takes thousands of answers: a server that has \
					run for a while no longer pays it, so the CPU ms minus the JIT part is the steady cost of an answer.
					""");
			if (cpu.contains(POSTGRESQL)) {
				this.out.append("""

						*postgresql* is the server's processes connected to the run's database (the backends' pools \
						among them); its WAL writer and checkpointer, which serve every database of the server, are \
						not counted.
						""");
			}
		}
		this.out.append("""

				| path | streams at once | streams | errors | stored ok | TTFT p50 | TTFT p99 | whole p50 | whole p99 \
				| added TTFT p50 | added TTFT p99 | added whole p50 | added whole p99 |""")
			.append(cpuHeader(cpu))
			.append("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
			.append(cpuAlignment(cpu))
			.append('\n');
		for (StreamRun run : this.results.streams()) {
			Optional<StreamRun> direct = this.results.stream(DIRECT, run.concurrency());
			this.out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
					run.target(), run.concurrency(), run.streams(), run.errors(),
					(run.stored() < 0) ? "–" : String.format(Locale.ROOT, "%,d", run.stored()), ms(run.ttft().p50Ms()),
					ms(run.ttft().p99Ms()), ms(run.total().p50Ms()), ms(run.total().p99Ms()),
					added(run, direct, r -> r.ttft().p50Ms()), added(run, direct, r -> r.ttft().p99Ms()),
					added(run, direct, r -> r.total().p50Ms()), added(run, direct, r -> r.total().p99Ms())))
				.append(cpuCells(run.cpuMsPerAnswer(), run.jitMsPerAnswer(), cpu))
				.append('\n');
		}
		for (StreamRun run : this.results.streams()) {
			if (run.firstProblem() != null) {
				this.out.append(String.format(Locale.ROOT, "%n- %s at %,d: %s", run.target(), run.concurrency(),
						run.firstProblem()));
			}
		}
		this.out.append('\n');
	}

	private void rest() {
		List<String> cpu = measured(this.results.rest().stream().map(RestRun::cpuMsPerCall));
		this.out.append(String.format(Locale.ROOT, """

				## REST calls

				Each client sends its next request when the last one answered; at 1 client the latency is the \
				call's own cost; at %d it includes waiting for the machine's cores.%s

				| call | clients | requests | errors | p50 ms | p99 ms |%s
				|---|---:|---:|---:|---:|---:|%s
				""", Plan.REST_CLIENTS,
				cpu.isEmpty() ? "" : " *CPU ms* is the CPU time the application spent per timed request, at any "
						+ "number of clients.",
				cpuHeader(cpu), cpuAlignment(cpu)));
		for (RestRun run : this.results.rest()) {
			this.out.append(String.format(Locale.ROOT, "| %s | %d | %,d | %d | %s | %s |", run.call(),
					run.clients(), run.requests(), run.errors(), ms(run.latency().p50Ms()), ms(run.latency().p99Ms())))
				.append(cpuCells(run.cpuMsPerCall(), Map.of(), cpu))
				.append('\n');
		}
		for (RestRun run : this.results.rest()) {
			if (run.firstProblem() != null) {
				this.out.append(String.format(Locale.ROOT, "%n- %s at %d client(s): %s", run.call(), run.clients(),
						run.firstProblem()));
			}
		}
	}

	private void applications() {
		this.out.append("""

				## Start-up and memory

				| application | start to healthy ms | RSS idle MB | RSS peak at 1,000 streams MB |
				|---|---:|---:|---:|
				""");
		for (String name : APPLICATIONS) {
			Long started = this.results.startupMs().get(name);
			Long idle = this.results.idleKb().get(name);
			Long peak = this.results.peakKb().get(name);
			if (started == null && idle == null) {
				continue;
			}
			this.out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", name,
					(started == null) ? "–" : String.format(Locale.ROOT, "%,d", started), mb(idle), mb(peak)));
		}
	}

	private void targets() {
		this.out.append("""

				## Targets (issue 12)

				Computed from this run's own figures above; *added* TTFT as in the stream table.

				| target | measured | met |
				|---|---|---|
				""");
		for (Target target : Target.ISSUE_12) {
			Optional<Target.Measured> measured = target.measure().apply(this.results);
			this.out.append("| ").append(target.what()).append(" | ")
				.append(measured.map(Target.Measured::text).orElse("not measured"))
				.append(" | ")
				.append(measured.map(Target.Measured::met).orElse(false) ? "met" : "**not met**")
				.append(" |\n");
		}
	}

	/** The applications, in the tables' order, with a CPU figure in any of the runs. */
	private static List<String> measured(Stream<Map<String, Double>> cpuMs) {
		Set<String> names = cpuMs.flatMap(perApplication -> perApplication.keySet().stream())
			.collect(Collectors.toSet());
		return APPLICATIONS.stream().filter(names::contains).toList();
	}

	private static String cpuHeader(List<String> applications) {
		return applications.stream().map(name -> " " + name + " CPU ms |").collect(Collectors.joining());
	}

	private static String cpuAlignment(List<String> applications) {
		return "---:|".repeat(applications.size());
	}

	/** Each application's CPU ms, with the part of its JIT compiler threads after it when it has one. */
	private static String cpuCells(Map<String, Double> cpuMs, Map<String, Double> jitMs, List<String> applications) {
		return applications.stream()
			.map(name -> " " + ms(cpuMs.getOrDefault(name, Double.NaN))
					+ (jitMs.containsKey(name) && cpuMs.containsKey(name) ? " (JIT " + ms(jitMs.get(name)) + ")" : "")
					+ " |")
			.collect(Collectors.joining());
	}

	private static String added(StreamRun run, Optional<StreamRun> direct, ToDoubleFunction<StreamRun> value) {
		if (run.target().equals(DIRECT) || direct.isEmpty()) {
			return "–";
		}
		return ms(value.applyAsDouble(run) - value.applyAsDouble(direct.get()));
	}

	static String ms(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, (Math.abs(value) < 10) ? "%.2f" : "%,.1f", value);
	}

	static String mb(Long kb) {
		return (kb == null || kb < 0) ? "–" : String.format(Locale.ROOT, "%,d", Math.round(kb / 1024d));
	}

}
