package dev.llmchat.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTests {

	@Test
	void userAndSystemTicksAreCountedAfterTheLastParenthesisOfTheCommand() {
		String stat = "4242 (my (odd) app) 1) S 1 4242 4242 0 -1 4194560 19925 0 0 0 1234 56 7 8 20 0 31 0 "
				+ "171717 3735552000 80000 18446744073709551615 1 1 0 0 0 0 0 4096 16387 0 0 0 17 1 0 0 0 0 0";

		assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 56);
	}

	@Test
	void jitCompilerThreadsAreKnownByTheirTruncatedName() {
		String c2 = "4243 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 19925 0 0 0 1234 56 7 8 20 0 31 0";
		String c1 = "4244 (C1 CompilerThre) S 1 4242 4242 0 -1 4194560 19925 0 0 0 12 5 7 8 20 0 31 0";
		String application = "4245 (http-nio-8000-) S 1 4242 4242 0 -1 4194560 19925 0 0 0 99 1 7 8 20 0 31 0";

		assertThat(ProcessCpu.jitCompiler(c2)).isTrue();
		assertThat(ProcessCpu.jitCompiler(c1)).isTrue();
		assertThat(ProcessCpu.jitCompiler(application)).isFalse();
		assertThat(ProcessCpu.ticks(c2)).isEqualTo(1234 + 56);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aJvmsJitTicksArePartOfItsTicksAndAProcessWithoutAJitIsLeftOut() {
		long self = ProcessHandle.current().pid();
		ProcessCpu cpu = new ProcessCpu(Map.of("jvm", () -> List.of(self), "none", List::of), 100);

		Map<String, Long> jit = cpu.jitTicks();
		Map<String, Long> all = cpu.ticks();

		assertThat(jit).containsOnlyKeys("jvm");
		assertThat(jit.get("jvm")).isBetween(0L, all.get("jvm"));
	}

	@Test
	void cpuPerUnitIsTheTicksSpentInMillisecondsOverTheUnitsForTheApplicationsOnThePath() {
		ProcessCpu cpu = new ProcessCpu(Map.of(), 100);

		Map<String, Double> perAnswer = cpu.msPerUnit(Map.of("backend", 1_000L, "frontend", 500L, "nginx", 7L),
				Map.of("backend", 1_250L, "frontend", 900L, "nginx", 9L), 50, List.of("frontend", "backend", "simulator"));

		// 250 ticks of 10 ms over 50 answers; the simulator was not read, nginx is not on the path
		assertThat(perAnswer).containsOnly(Map.entry("backend", 50.0), Map.entry("frontend", 80.0));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aRunningProcessCountsTheCpuItsThreadsSpend() {
		ProcessCpu cpu = new ProcessCpu(Map.of("this test", () -> List.of(ProcessHandle.current().pid())), 100);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, Long> before = cpu.ticks();
		long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
		while (threads.getCurrentThreadCpuTime() < until) {
			// spends CPU on this thread, however long the shared machine makes it wait
		}

		Map<String, Double> spent = cpu.msPerUnit(before, cpu.ticks(), 1, List.of("this test"));

		// 300 ms on this thread, less up to a tick of 10 ms at either reading
		assertThat(spent.get("this test")).isGreaterThanOrEqualTo(280.0);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theReplicasOfAnApplicationAreSummedAndOneGoneLeavesTheApplicationOut() {
		long self = ProcessHandle.current().pid();
		long one = new ProcessCpu(Map.of("app", () -> List.of(self)), 100).ticks().get("app");

		// the same process named twice stands for two replicas: their sum, read after the single reading
		long both = new ProcessCpu(Map.of("app", () -> List.of(self, self)), 100).ticks().get("app");
		Map<String, Long> oneGone = new ProcessCpu(Map.of("app", () -> List.of(self, Long.MAX_VALUE)), 100).ticks();

		assertThat(both).isGreaterThanOrEqualTo(2 * one);
		assertThat(oneGone).doesNotContainKey("app");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theProcessesOfAnApplicationAreAskedForAtEachReading() {
		AtomicReference<List<Long>> connected = new AtomicReference<>(List.of());
		ProcessCpu cpu = new ProcessCpu(Map.of("database", connected::get), 100);

		Map<String, Long> none = cpu.ticks();
		connected.set(List.of(ProcessHandle.current().pid()));
		Map<String, Long> one = cpu.ticks();

		assertThat(none).containsEntry("database", 0L);
		assertThat(one.get("database")).isPositive();
	}

}
