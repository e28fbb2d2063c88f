package dev.llmchat.system.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell scripts: clean under shellcheck, strict, self-documenting, and never killing by name. */
class ShellScriptsTests {

	private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", ".run", "data", ".idea");

	private static final List<String> RUN_SCRIPTS = List.of("start-all.sh", "stop-all.sh", "restart-all.sh",
			"vllm-server/start-vllm.sh");

	@TempDir
	Path tmp;

	/** Every *.sh of the repository, and .ci/run. */
	static List<Path> shellScripts() throws IOException {
		Path root = Scripts.root();
		List<Path> scripts = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			files.filter(file -> noSkippedFolder(root.relativize(file)))
				.filter(file -> Files.isRegularFile(file) && file.getFileName().toString().endsWith(".sh"))
				.forEach(scripts::add);
		}
		scripts.add(root.resolve(".ci/run"));
		return scripts;
	}

	private static boolean noSkippedFolder(Path relative) {
		for (Path part : relative) {
			if (SKIPPED_FOLDERS.contains(part.toString())) {
				return false;
			}
		}
		return true;
	}

	@Test
	void everyShellScriptIsCleanUnderShellcheck() throws Exception {
		if (!Scripts.onPath("shellcheck")) {
			String reason = "shellcheck is not installed (apt-get install shellcheck; .ci/run installs it): "
					+ "the scripts were not linted";
			System.out.println("SKIPPED " + getClass().getSimpleName() + ": " + reason);
			Assumptions.abort(reason);
		}
		List<Path> scripts = shellScripts();
		assertThat(scripts).extracting(path -> Scripts.root().relativize(path).toString())
			.contains("start-all.sh", "stop-all.sh", "restart-all.sh", "vllm-server/start-vllm.sh", ".ci/run");

		List<String> failures = new ArrayList<>();
		for (Path script : scripts) {
			List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources"));
			if (!Files.readString(script, StandardCharsets.UTF_8).startsWith("#!")) {
				// a file meant to be sourced has no shebang; the project's scripts are bash
				command.add("--shell=bash");
			}
			command.add(Scripts.root().relativize(script).toString());
			Process process = new ProcessBuilder(command).directory(Scripts.root().toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				failures.add(output);
			}
		}
		assertThat(failures).as("shellcheck findings").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "start-all.sh", "stop-all.sh", "restart-all.sh", "vllm-server/start-vllm.sh",
			"scripts/copy-sqlite-to-postgres.sh", "benchmark.sh" })
	void runScriptIsExecutableBashWithStrictMode(String name) throws IOException {
		Path script = Scripts.root().resolve(name);
		String text = Files.readString(script, StandardCharsets.UTF_8);
		assertThat(Files.isExecutable(script)).as(name + " is executable").isTrue();
		assertThat(text).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "start-all.sh", "stop-all.sh", "restart-all.sh", "vllm-server/start-vllm.sh",
			"scripts/copy-sqlite-to-postgres.sh", "benchmark.sh" })
	void runScriptExplainsItselfWithHelpAndChangesNothing(String name) throws IOException {
		Path runDir = tmp.resolve("run");
		Scripts.Result result = Scripts.run(tmp, Duration.ofSeconds(30),
				Scripts.env("RUN_DIR", runDir.toString(), "ENV_FILE", tmp.resolve("none.env").toString()), name,
				"--help");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).startsWith("Usage: ");
		assertThat(runDir).doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "start-all.sh", "stop-all.sh", "restart-all.sh", "vllm-server/start-vllm.sh",
			"scripts/copy-sqlite-to-postgres.sh", "benchmark.sh" })
	void runScriptRefusesAnUnknownOptionWithItsUsage(String name) {
		Scripts.Result result = Scripts.run(tmp, Duration.ofSeconds(30),
				Scripts.env("RUN_DIR", tmp.resolve("run").toString(), "ENV_FILE", tmp.resolve("none.env").toString()),
				name, "--no-such-option");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.output()).contains("unknown option --no-such-option").contains("Usage: ");
	}

	@Test
	void benchmarkHelpDocumentsThePostgresqlRunAndWhereItsServerIsNamed() {
		Scripts.Result result = Scripts.run(tmp, Duration.ofSeconds(30), Scripts.env(), "benchmark.sh", "--help");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).contains("--postgres", "two backend replicas behind nginx", "BENCHMARK_POSTGRES_URL",
				"results-postgresql-1-backend.md");
	}

	@Test
	void benchmarkOnPostgresqlStopsBeforeBuildingOrStartingAnythingWhereNoPostgresqlAnswers() {
		Assumptions.assumeTrue(Scripts.onPath("psql"), "psql is not installed: the benchmark's check was not run");
		int closed = Scripts.freePort();
		Scripts.Result result = Scripts.run(tmp, Duration.ofSeconds(60),
				Scripts.env("BENCHMARK_POSTGRES_URL", "postgresql://postgres@127.0.0.1:" + closed), "benchmark.sh",
				"--postgres");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(result.output()).contains("no PostgreSQL answers at 127.0.0.1:" + closed)
			.contains("BENCHMARK_POSTGRES_URL")
			.doesNotContain("building the jars", "starting on 127.0.0.1");
	}

	@Test
	void noScriptStopsProcessesByName() throws IOException {
		Pattern byName = Pattern.compile("\\b(pkill|killall|pgrep)\\b|kill[^\\n]*\\$\\(\\s*(pgrep|pidof)");
		for (Path script : shellScripts()) {
			List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (!line.stripLeading().startsWith("#")) {
					assertThat(byName.matcher(line).find())
						.as(Scripts.root().relativize(script) + ":" + (i + 1) + " stops by name: " + line)
						.isFalse();
				}
			}
		}
	}

	@Test
	void scriptsWaitWithDeadlinesInsteadOfUnboundedLoops() throws IOException {
		// the description waited with `until curl ...; do sleep 2; done`, which never gives up
		Pattern unbounded = Pattern.compile("^\\s*until\\s+curl\\b");
		for (String name : RUN_SCRIPTS) {
			String text = Files.readString(Scripts.root().resolve(name), StandardCharsets.UTF_8);
			assertThat(text.lines().filter(line -> unbounded.matcher(line).find()))
				.as(name + " has an unbounded wait")
				.isEmpty();
		}
		assertThat(Files.readString(Scripts.root().resolve("scripts/stack.sh"), StandardCharsets.UTF_8))
			.contains("SECONDS - start >= timeout");
		String startVllm = Files.readString(Scripts.root().resolve("vllm-server/start-vllm.sh"), StandardCharsets.UTF_8);
		assertThat(startVllm).contains("SECONDS - start >= TIMEOUT");
		// newer vLLM images reject the flag, and request logging is off by default anyway
		assertThat(startVllm.lines().filter(line -> !line.stripLeading().startsWith("#")))
			.noneMatch(line -> line.contains("--disable-log-requests"));
	}

}
