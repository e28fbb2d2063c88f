package dev.llmchat.system.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Spring application's JVM options (heap limit, ...) live in one place, its {@code jvm.options}, a java argument
 * file that start-all.sh (local), benchmark.sh and the image (so docker-compose.yml) all run with; the Dockerfiles'
 * side is in {@link DockerfileTests}, the command line start-all.sh really runs in {@link LocalStartStopTests}.
 */
class JvmOptionsTests {

	private static final Pattern ERGO_LIMIT = Pattern.compile("(?m)^-XX:ErgoHeapSizeLimit=(\\d+)m$");

	private static List<String> options(String module) throws IOException {
		List<String> options = new ArrayList<>();
		for (String line : Files.readAllLines(Scripts.root().resolve(module).resolve("jvm.options"), StandardCharsets.UTF_8)) {
			String option = line.strip();
			if (!option.isEmpty() && !option.startsWith("#")) {
				options.add(option);
			}
		}
		return options;
	}

	@ParameterizedTest
	@ValueSource(strings = { "backend", "frontend" })
	void theHeapIsCappedYetFollowsAContainersMemoryLimit(String module) throws IOException {
		List<String> options = options(module);

		assertThat(options).allSatisfy(option -> assertThat(option).as("one option a line").startsWith("-")
			.doesNotContainAnyWhitespaces());
		assertThat(options).contains("-XX:MaxRAMPercentage=75").anyMatch(option -> ERGO_LIMIT.matcher(option).matches());
		// -Xmx, -Xms or MaxRAM would fix the heap whatever memory the container has
		assertThat(options).noneMatch(option -> option.startsWith("-Xmx") || option.startsWith("-Xms")
				|| option.startsWith("-XX:MaxRAM=") || option.startsWith("-XX:MaxHeapSize"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "backend", "frontend" })
	void theJvmAcceptsTheFileAndSizesTheHeapFromIt(String module) throws Exception {
		Path file = Scripts.root().resolve(module).resolve("jvm.options");
		Matcher limit = ERGO_LIMIT.matcher(Files.readString(file, StandardCharsets.UTF_8));
		assertThat(limit.find()).isTrue();
		long limitBytes = Long.parseLong(limit.group(1)) * 1024 * 1024;

		// on a large machine the limit; where the JVM sees 256 MB (a container's limit), 75% of that at most
		assertThat(maxHeapSize("@" + file, "-XX:MaxRAM=64g")).isEqualTo(limitBytes);
		assertThat(maxHeapSize("@" + file, "-XX:MaxRAM=256m")).isLessThanOrEqualTo(Math.min(limitBytes, 192L * 1024 * 1024));
	}

	private static long maxHeapSize(String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
		command.addAll(List.of(options));
		command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
		Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(java.exitValue()).as(output).isZero();
		Matcher heap = Pattern.compile("size_t MaxHeapSize\\s+= (\\d+)").matcher(output);
		assertThat(heap.find()).as(output).isTrue();
		return Long.parseLong(heap.group(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "backend", "frontend" })
	void theScriptsRunTheApplicationWithItsFileBeforeTheOptionsOfTheEnvironment(String module) throws Exception {
		Path root = Scripts.root();
		Process bash = new ProcessBuilder("bash", "-c", ". scripts/fast-start.sh; jvm_options \"$1\"; "
				+ "printf '%s\\n' \"${JVM_OPTIONS_ARGS[@]}\"", "bash", module).directory(root.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(output.strip()).isEqualTo("@" + root.resolve(module).resolve("jvm.options"));

		String startAll = Files.readString(root.resolve("start-all.sh"), StandardCharsets.UTF_8);
		assertThat(startAll).contains("cmd+=(${JVM_OPTIONS_ARGS[@]+\"${JVM_OPTIONS_ARGS[@]}\"} ${opts[@]+\"${opts[@]}\"}");
		String benchmark = Files.readString(root.resolve("benchmark.sh"), StandardCharsets.UTF_8);
		String upper = module.toUpperCase(Locale.ROOT);
		assertThat(benchmark).contains(upper + "_OPTIONS=(${JVM_OPTIONS_ARGS[@]+\"${JVM_OPTIONS_ARGS[@]}\"})")
			.contains("\"$JAVA_BIN\" ${" + upper + "_OPTIONS[@]+\"${" + upper + "_OPTIONS[@]}\"} ${opts[@]+\"${opts[@]}\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "docker-compose.yml", "docker-compose.scale.yml" })
	void composeRunsTheImagesOptionsWithoutAHeapOfItsOwn(String file) throws IOException {
		String compose = Files.readString(Scripts.root().resolve(file), StandardCharsets.UTF_8);

		// the variables that would put options after the file's, or around it
		assertThat(compose).doesNotContain("-Xmx").doesNotContain("MaxRAM").doesNotContain("JAVA_TOOL_OPTIONS")
			.doesNotContainPattern("(?<![A-Z])_JAVA_OPTIONS").doesNotContain("entrypoint:");
	}

}
