package dev.llmchat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of the applications ({@code VmRSS} in {@code /proc/PID/status}): read now, or sampled every 100 ms
 * while a load runs, keeping the highest value of each.
 */
final class Memory {

	private final Map<String, Long> pids;

	private final Map<String, Long> peakKb = new ConcurrentHashMap<>();

	private ScheduledExecutorService sampler;

	Memory(Map<String, Long> pids) {
		this.pids = pids;
	}

	/** Each application's resident memory now, in kB. */
	Map<String, Long> now() {
		Map<String, Long> sizes = new ConcurrentHashMap<>();
		this.pids.forEach((name, pid) -> sizes.put(name, residentKb(pid)));
		return sizes;
	}

	void startSampling() {
		this.sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
		this.sampler.scheduleAtFixedRate(() -> now().forEach((name, kb) -> this.peakKb.merge(name, kb, Math::max)), 0,
				100, TimeUnit.MILLISECONDS);
	}

	void stopSampling() {
		this.sampler.shutdownNow();
	}

	/** The highest resident memory seen while sampling, in kB. */
	Map<String, Long> peak() {
		return Map.copyOf(this.peakKb);
	}

	static long residentKb(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			return -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
