package dev.llmchat.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line, given by {@code benchmark.sh}: where each application listens, its PIDs and how long it took to
 * become healthy, the backend's database and where the table goes.
 *
 * @param nginx null when nginx is not measured
 * @param backend the backend, or the load balancer in front of its replicas
 * @param database the backend's SQLite file, or its PostgreSQL database as
 * {@code postgresql://user[:password]@host:port/name}
 * @param pids application name to the PIDs of its processes (one per replica: {@code --pid} given again)
 * @param clockTicks the clock ticks per second in which {@code /proc/PID/stat} counts CPU time ({@code getconf
 * CLK_TCK}; 100 when not given, as on every common Linux)
 * @param startupMs application name to milliseconds from start to a healthy answer (of its slowest replica)
 * @param context lines about the machine and the run, printed above the tables
 */
record Options(String simulator, String nginx, String backend, String frontend, String database, Path out,
		boolean quick, Map<String, List<Long>> pids, long clockTicks, Map<String, Long> startupMs, List<String> context) {

	static final String USAGE = """
			Usage: java -cp llmchat-benchmark.jar dev.llmchat.benchmark.Main --simulator URL --backend URL \
			--frontend URL --database FILE|postgresql://… --out FILE [--nginx URL] [--quick] [--pid NAME=PID]... \
			[--clock-ticks N] [--started NAME=MS]... [--context TEXT]...
			Usually run by ./benchmark.sh, which starts the applications first.""";

	static Options parse(String... args) {
		Map<String, String> single = new LinkedHashMap<>();
		Map<String, List<Long>> pids = new LinkedHashMap<>();
		Map<String, Long> started = new LinkedHashMap<>();
		List<String> context = new ArrayList<>();
		boolean quick = false;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (option.equals("--quick")) {
				quick = true;
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
			}
			String value = args[++i];
			switch (option) {
				case "--simulator", "--nginx", "--backend", "--frontend", "--database", "--out", "--clock-ticks" ->
					single.put(option, value);
				case "--pid" -> {
					Map.Entry<String, Long> pid = pair(option, value);
					pids.computeIfAbsent(pid.getKey(), name -> new ArrayList<>()).add(pid.getValue());
				}
				case "--started" -> {
					Map.Entry<String, Long> elapsed = pair(option, value);
					started.merge(elapsed.getKey(), elapsed.getValue(), Math::max);
				}
				case "--context" -> context.add(value);
				default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
			}
		}
		for (String required : List.of("--simulator", "--backend", "--frontend", "--database", "--out")) {
			if (!single.containsKey(required)) {
				throw new IllegalArgumentException(required + " is missing\n" + USAGE);
			}
		}
		return new Options(single.get("--simulator"), single.get("--nginx"), single.get("--backend"),
				single.get("--frontend"), single.get("--database"), Path.of(single.get("--out")), quick,
				pids.entrySet()
					.stream()
					.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue()))),
				clockTicks(single.getOrDefault("--clock-ticks", "100")), Map.copyOf(started),
				List.copyOf(context));
	}

	private static long clockTicks(String value) {
		if (!value.matches("[1-9][0-9]{0,8}")) {
			throw new IllegalArgumentException("--clock-ticks takes a positive number, not " + value + "\n" + USAGE);
		}
		return Long.parseLong(value);
	}

	private static Map.Entry<String, Long> pair(String option, String value) {
		int equals = value.indexOf('=');
		try {
			return Map.entry(value.substring(0, equals), Long.parseLong(value.substring(equals + 1)));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(option + " takes NAME=NUMBER, not " + value + "\n" + USAGE, ex);
		}
	}

}
