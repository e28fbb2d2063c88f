package dev.llmchat.benchmark;

import java.nio.file.Path;

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
		assertThat(options.database()).isEqualTo(Path.of("/tmp/app.db"));
		assertThat(options.pids()).containsEntry("backend", 42L);
		assertThat(options.clockTicks()).isEqualTo(250);
		assertThat(options.startupMs()).containsEntry("backend", 1500L);
		assertThat(options.context()).containsExactly("machine: test");
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
