package dev.llmchat.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One figure a run should reach: what it is, and how to read it from the run's results and judge it. The targets of
 * issue 12 are {@link #ISSUE_12}.
 *
 * @param what the figure and its limit, as the report names it
 * @param measure the figure read from the results; empty when the run did not measure it (then it is not met)
 */
record Target(String what, Function<Results, Optional<Measured>> measure) {

	/** A figure as measured, as the report shows it, and whether it is within its target. */
	record Measured(String text, boolean met) {

	}

	static final List<Target> ISSUE_12 = issue12();

	private static List<Target> issue12() {
		List<Target> targets = new ArrayList<>();
		for (Limits path : List.of(new Limits("backend", 1.0, 1, 10, 30, 150, 400),
				new Limits("frontend", 1.0, 2, 20, 60, 300, 300))) {
			String name = path.name();
			targets.add(atMost(name + ": CPU per streamed answer at 100 streams", path.cpuMs(), "ms",
					results -> results.stream(name, 100)
						.map(run -> run.cpuMsPerAnswer().get(name))
						.filter(ms -> ms != null)));
			targets.add(addedTtft(name, 1, "p50", path.ttftP50At1()));
			targets.add(addedTtft(name, 100, "p50", path.ttftP50At100()));
			targets.add(addedTtft(name, 100, "p99", path.ttftP99At100()));
			targets.add(addedTtft(name, 1_000, "p50", path.ttftP50At1000()));
			targets.add(new Target(name + ": errors 0, every answer stored exactly (all levels)",
					results -> allStored(results, name)));
			targets.add(atMost(name + ": RSS peak at 1,000 streams", path.rssMb(), "MB",
					results -> Optional.ofNullable(results.peakKb().get(name)).map(kb -> kb / 1024d)));
			targets.add(atMost(name + ": start to healthy", 2.5, "s",
					results -> Optional.ofNullable(results.startupMs().get(name)).map(ms -> ms / 1_000d)));
		}
		targets.add(restP50("list chats", 10));
		targets.add(restP50("create chat", 10));
		targets.add(restP50(Plan.LONG_CHAT_CALL, 60));
		return List.copyOf(targets);
	}

	/** The limits of one path (the backend's API, the frontend's pages), in the order of issue 12's table. */
	private record Limits(String name, double cpuMs, double ttftP50At1, double ttftP50At100, double ttftP99At100,
			double ttftP50At1000, double rssMb) {

	}

	/** A figure no higher than {@code limit}. */
	static Target atMost(String what, double limit, String unit, Function<Results, Optional<Double>> value) {
		String bound = what + " ≤ " + number(limit) + " " + unit;
		return new Target(bound, results -> value.apply(results)
			.filter(measured -> !measured.isNaN())
			.map(measured -> new Measured(Report.ms(measured) + " " + unit, measured <= limit)));
	}

	/** The path's TTFT percentile minus the simulator's at the same concurrency, as the stream table's. */
	static Target addedTtft(String path, int concurrency, String percentile, double limitMs) {
		Function<StreamRun, Double> value = percentile.equals("p50") ? run -> run.ttft().p50Ms()
				: run -> run.ttft().p99Ms();
		return atMost(String.format(Locale.ROOT, "%s: added TTFT %s at %,d stream%s", path, percentile, concurrency,
				(concurrency == 1) ? "" : "s"), limitMs, "ms",
				results -> results.stream(path, concurrency)
					.flatMap(run -> results.stream(Report.DIRECT, concurrency)
						.map(direct -> value.apply(run) - value.apply(direct))));
	}

	/** REST p50 at {@link Plan#REST_CLIENTS} clients, without an error. */
	static Target restP50(String call, double limitMs) {
		return new Target(call + ": p50 at " + Plan.REST_CLIENTS + " clients ≤ " + number(limitMs) + " ms",
				results -> results.rest(call, Plan.REST_CLIENTS)
					.map(run -> new Measured(Report.ms(run.latency().p50Ms()) + " ms"
							+ ((run.errors() > 0) ? String.format(Locale.ROOT, ", %,d errors", run.errors()) : ""),
							run.errors() == 0 && run.latency().p50Ms() <= limitMs)));
	}

	private static Optional<Measured> allStored(Results results, String path) {
		List<StreamRun> runs = results.streams().stream().filter(run -> run.target().equals(path)).toList();
		if (runs.isEmpty()) {
			return Optional.empty();
		}
		int errors = runs.stream().mapToInt(StreamRun::errors).sum();
		int streams = runs.stream().mapToInt(StreamRun::streams).sum();
		int stored = runs.stream().mapToInt(run -> Math.max(0, run.stored())).sum();
		return Optional.of(new Measured(String.format(Locale.ROOT, "%,d errors, %,d of %,d stored", errors, stored,
				streams), errors == 0 && stored == streams));
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.format(Locale.ROOT, "%,d", (long) value)
				: String.format(Locale.ROOT, "%s", value);
	}

}
