package dev.llmchat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

/**
 * Several runs of {@code benchmark.sh} side by side, a column each (SQLite; PostgreSQL with one backend; with two
 * behind a load balancer): for the backend's and the frontend's streams and the REST calls at 50 clients, the
 * latencies and the CPU each application spent per answer and per call; start-up and memory. Reads the
 * {@code .json} that {@link Main} writes beside each table.
 */
public final class Comparison {

	static final String USAGE = """
			Usage: java -cp llmchat-benchmark.jar dev.llmchat.benchmark.Comparison --out FILE LABEL=RESULTS.json...
			Usually run by ./benchmark.sh --postgres.""";

	/** Each path measured, then the applications on it whose CPU is shown. */
	private static final List<List<String>> PATHS = List.of(List.of("backend", Report.POSTGRESQL, "balancer"),
			List.of("frontend", "backend", Report.POSTGRESQL, "balancer"));

	private static final int[] CONCURRENCY = { 1, 100, 1_000 };

	private final List<String> labels;

	private final List<Results> runs;

	private final StringBuilder out = new StringBuilder();

	Comparison(List<String> labels, List<Results> runs) {
		this.labels = labels;
		this.runs = runs;
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 3 || !args[0].equals("--out")) {
			System.err.println(USAGE);
			System.exit(2);
		}
		JsonMapper json = JsonMapper.builder().build();
		List<String> labels = new ArrayList<>();
		List<Results> runs = new ArrayList<>();
		for (int i = 2; i < args.length; i++) {
			int equals = args[i].indexOf('=');
			if (equals < 1) {
				System.err.println("LABEL=RESULTS.json, not " + args[i] + "\n" + USAGE);
				System.exit(2);
			}
			labels.add(args[i].substring(0, equals));
			runs.add(json.readValue(Path.of(args[i].substring(equals + 1)).toFile(), Results.class));
		}
		String table = new Comparison(labels, runs).render();
		Files.writeString(Path.of(args[1]), table);
		System.out.println(table);
	}

	String render() {
		this.out.append("# Benchmark results side by side\n\n");
		for (int i = 0; i < this.runs.size(); i++) {
			this.out.append("- ").append(this.labels.get(i)).append(": ");
			this.out.append(String.join("; ", this.runs.get(i)
				.context()
				.stream()
				.filter(line -> line.startsWith("run:") || line.startsWith("load average"))
				.toList()));
			this.out.append('\n');
		}
		streams();
		rest();
		applications();
		return this.out.toString();
	}

	private void streams() {
		this.out.append("""

				## Streams

				Milliseconds from sending the request to the first token (TTFT) and to the answer's last event \
				(whole); *CPU ms per answer* is what each application on the path spent per answer in the timed \
				rounds (several replicas: their sum).

				""");
		header("path | streams at once | figure");
		for (List<String> applications : PATHS) {
			String path = applications.getFirst();
			for (int concurrency : CONCURRENCY) {
				String row = path + " | " + String.format(Locale.ROOT, "%,d", concurrency) + " | ";
				Function<Results, Optional<StreamRun>> run = results -> results.stream(path, concurrency);
				row(row + "errors, stored ok", run,
						r -> String.format(Locale.ROOT, "%,d, %,d of %,d", r.errors(), r.stored(), r.streams()));
				row(row + "TTFT p50 / p99", run,
						r -> Report.ms(r.ttft().p50Ms()) + " / " + Report.ms(r.ttft().p99Ms()));
				row(row + "whole p50 / p99", run,
						r -> Report.ms(r.total().p50Ms()) + " / " + Report.ms(r.total().p99Ms()));
				for (String application : applications) {
					row(row + application + " CPU ms per answer", run,
							r -> Report.ms(r.cpuMsPerAnswer().getOrDefault(application, Double.NaN)));
				}
			}
		}
	}

	private void rest() {
		this.out.append(String.format(Locale.ROOT, """

				## REST calls at %d clients

				""", Plan.REST_CLIENTS));
		header("call | figure");
		for (String call : List.of("login", "list chats", "create chat", Plan.LONG_CHAT_CALL)) {
			Function<Results, Optional<RestRun>> run = results -> results.rest(call, Plan.REST_CLIENTS);
			row(call + " | p50 / p99 ms", run,
					r -> Report.ms(r.latency().p50Ms()) + " / " + Report.ms(r.latency().p99Ms()));
			for (String application : List.of("backend", Report.POSTGRESQL)) {
				row(call + " | " + application + " CPU ms per call", run,
						r -> Report.ms(r.cpuMsPerCall().getOrDefault(application, Double.NaN)));
			}
		}
	}

	private void applications() {
		this.out.append("""

				## Start-up and memory

				Several replicas: start-up of the slowest, memory of all together.

				""");
		header("application | figure");
		for (String application : List.of("backend", "balancer", "frontend")) {
			cells(application + " | start to healthy ms", results -> number(results.startupMs().get(application)));
			cells(application + " | RSS idle / peak at 1,000 streams MB",
					results -> Report.mb(results.idleKb().get(application)) + " / "
							+ Report.mb(results.peakKb().get(application)));
		}
	}

	private void header(String columns) {
		this.out.append("| ").append(columns);
		this.labels.forEach(label -> this.out.append(" | ").append(label));
		this.out.append(" |\n|").append("---|".repeat(columns.split("\\|").length));
		this.out.append("---:|".repeat(this.labels.size())).append('\n');
	}

	private <T> void row(String first, Function<Results, Optional<T>> run, Function<T, String> cell) {
		cells(first, results -> run.apply(results).map(cell).orElse("–"));
	}

	private void cells(String first, Function<Results, String> cell) {
		List<String> cells = this.runs.stream().map(cell).toList();
		if (cells.stream().allMatch(value -> value.equals("–") || value.equals("– / –"))) {
			return;
		}
		this.out.append("| ").append(first);
		cells.forEach(value -> this.out.append(" | ").append(value));
		this.out.append(" |\n");
	}

	private static String number(Long value) {
		return (value == null) ? "–" : String.format(Locale.ROOT, "%,d", value);
	}

}
