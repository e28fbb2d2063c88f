package dev.llmchat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of the applications ({@code VmRSS} in {@code /proc/PID/status}): read now, or sampled every 100 ms
 * while a load runs, keeping the highest value of each. An application run as several replicas counts them all.
 */
final class Memory {

	private final Map<String, List<Long>> pids;

	private final Map<String, Long> peakKb = new ConcurrentHashMap<>();

	private ScheduledExecutorService sampler;

	Memory(Map<String, List<Long>> pids) {
		this.pids = pids;
	}

	/** Each application's resident memory now, in kB: the sum of its replicas'; -1 when one is gone. */
	Map<String, Long> now() {
		Map<String, Long> sizes = new ConcurrentHashMap<>();
		this.pids.forEach((name, replicas) -> {
			long[] each = replicas.stream().mapToLong(Memory::residentKb).toArray();
			sizes.put(name, Arrays.stream(each).anyMatch(kb -> kb < 0) ? -1 : Arrays.stream(each).sum());
		});
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
