package dev.llmchat.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionsTests {

	@Test
	void readsUrlsPidsClockRateStartUpTimesAndContext() {
		Options options = Options.parse("--simulator", "http://s", "--backend", "http://b", "--frontend", "http://f",
				"--database", "/tmp/app.db", "--out", "out.md", "--quick", "--pid", "backend=42", "--started",
				"backend=1500", "--clock-ticks", "250", "--context", "machine: test");
		assertThat(options.nginx()).isNull();
		assertThat(options.quick()).isTrue();
		assertThat(options.database()).isEqualTo("/tmp/app.db");
		assertThat(options.pids()).containsEntry("backend", List.of(42L));
		assertThat(options.clockTicks()).isEqualTo(250);
		assertThat(options.startupMs()).containsEntry("backend", 1500L);
		assertThat(options.context()).containsExactly("machine: test");
	}

	@Test
	void replicasOfAnApplicationKeepEveryPidAndTheSlowestStartUp() {
		Options options = Options.parse("--simulator", "http://s", "--backend", "http://lb", "--frontend", "http://f",
				"--database", "postgresql://postgres@127.0.0.1:5432/bench", "--out", "out.md", "--pid", "backend=42",
				"--pid", "backend=43", "--pid", "balancer=44", "--started", "backend=1500", "--started",
				"backend=2100");
		assertThat(options.database()).isEqualTo("postgresql://postgres@127.0.0.1:5432/bench");
		assertThat(options.pids()).containsEntry("backend", List.of(42L, 43L)).containsEntry("balancer", List.of(44L));
		assertThat(options.startupMs()).containsEntry("backend", 2100L);
	}

	@Test
	void aMissingUrlOrABadPairIsRefusedWithTheUsage() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--simulator", "http://s"))
			.withMessageContaining("--backend is missing")
			.withMessageContaining("Usage:");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--pid", "backend"))
			.withMessageContaining("NAME=NUMBER");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse("--simulator", "http://s", "--backend", "http://b", "--frontend",
					"http://f", "--database", "/tmp/app.db", "--out", "out.md", "--clock-ticks", "0"))
			.withMessageContaining("--clock-ticks takes a positive number");
	}

	@Test
	void cpuTimeIsCountedInHundredthsOfASecondUnlessTheClockRateIsGiven() {
		Options options = Options.parse("--simulator", "http://s", "--backend", "http://b", "--frontend", "http://f",
				"--database", "/tmp/app.db", "--out", "out.md");
		assertThat(options.clockTicks()).isEqualTo(100);
	}

}
