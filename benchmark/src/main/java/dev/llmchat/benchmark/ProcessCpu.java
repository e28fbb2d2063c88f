package dev.llmchat.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * CPU time of the applications: user plus system time from {@code /proc/PID/stat}, of each application's process and
 * its descendants (nginx serves from worker processes, children of the master whose PID is known), summed over the
 * application's replicas (two backends behind a load balancer cost what both spend). The processes of an application
 * are asked for at each reading: PostgreSQL's connections to the run's database come and go. Read before and
 * after a measured load, it gives the CPU each application spent per unit of work: steadier than latencies on a
 * machine shared with other work, which makes latencies wait but does not make our code cost more.
 * <p>
 * Of a JVM, the part its JIT compiler threads spent is read too ({@link #jitTicks()}): while the JIT still compiles
 * the code path, it costs about as much as the application threads themselves, a cost that a server running for
 * days no longer pays.
 */
final class ProcessCpu {

	private final Map<String, Supplier<List<Long>>> pids;

	private final long ticksPerSecond;

	/**
	 * @param pids application name to the PIDs of its processes now
	 * @param ticksPerSecond the clock ticks in which the kernel counts CPU time ({@code getconf CLK_TCK})
	 */
	ProcessCpu(Map<String, Supplier<List<Long>>> pids, long ticksPerSecond) {
		this.pids = pids;
		this.ticksPerSecond = ticksPerSecond;
	}

	/**
	 * Each application's CPU time so far, in clock ticks; an application with a process gone is left out (its sum
	 * would drop).
	 */
	Map<String, Long> ticks() {
		Map<String, Long> ticks = new HashMap<>();
		this.pids.forEach((name, processes) -> {
			long sum = 0;
			for (long pid : processes.get()) {
				long own = treeTicks(pid);
				if (own < 0) {
					return;
				}
				sum += own;
			}
			ticks.put(name, sum);
		});
		return ticks;
	}

	/**
	 * Each application's CPU time so far spent by JIT compiler threads ({@code C1 CompilerThre}, {@code C2
	 * CompilerThre}), in clock ticks, summed over its processes and their descendants; an application without any
	 * (nginx, PostgreSQL) is left out. A compiler thread the JVM stopped (it starts and stops them with the work) takes
	 * its ticks with it, so the figure is what the running ones spent: at most the JIT's whole part.
	 */
	Map<String, Long> jitTicks() {
		Map<String, Long> ticks = new HashMap<>();
		this.pids.forEach((name, processes) -> {
			long sum = 0;
			boolean jvm = false;
			for (long pid : processes.get()) {
				for (long process : LongStream.concat(LongStream.of(pid), descendants(pid)).toArray()) {
					for (String stat : threadStats(process)) {
						if (jitCompiler(stat)) {
							jvm = true;
							sum += ticks(stat);
						}
					}
				}
			}
			if (jvm) {
				ticks.put(name, sum);
			}
		});
		return ticks;
	}

	/** Whether a line of {@code /proc/PID/task/TID/stat} is of a JIT compiler thread of HotSpot. */
	static boolean jitCompiler(String stat) {
		String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		return command.startsWith("C2 CompilerThre") || command.startsWith("C1 CompilerThre");
	}

	private static LongStream descendants(long pid) {
		return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).mapToLong(ProcessHandle::pid);
	}

	/** The stat lines of a process's threads; none when the process is gone. */
	private static List<String> threadStats(long pid) {
		List<String> stats = new ArrayList<>();
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path thread : threads) {
				try {
					stats.add(Files.readString(thread.resolve("stat")));
				}
				catch (IOException ex) {
					// the thread ended between the listing and the reading
				}
			}
		}
		catch (IOException ex) {
			return List.of();
		}
		return stats;
	}

	/** The ticks of a process and its descendants; -1 when the process is gone. */
	private static long treeTicks(long pid) {
		long own = ticks(pid);
		if (own < 0) {
			return -1;
		}
		return own + descendants(pid).map(child -> Math.max(0, ticks(child))).sum();
	}

	/**
	 * Milliseconds of CPU each of {@code applications} spent per unit of work between two readings of
	 * {@link #ticks()}; an application not read both times is left out.
	 */
	Map<String, Double> msPerUnit(Map<String, Long> before, Map<String, Long> after, int units,
			List<String> applications) {
		Map<String, Double> perUnit = new HashMap<>();
		for (String application : applications) {
			Long from = before.get(application);
			Long to = after.get(application);
			if (from != null && to != null && units > 0) {
				perUnit.put(application, (to - from) * 1_000d / this.ticksPerSecond / units);
			}
		}
		return Map.copyOf(perUnit);
	}

	/** Utime plus stime of a process, in clock ticks; -1 when it cannot be read (the process is gone). */
	private static long ticks(long pid) {
		try {
			return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Utime plus stime (fields 14 and 15) of a line of {@code /proc/PID/stat}. The fields are counted after the
	 * command's closing parenthesis, because the command (field 2) may hold spaces and parentheses itself.
	 */
	static long ticks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields[0] is field 3, the state
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
