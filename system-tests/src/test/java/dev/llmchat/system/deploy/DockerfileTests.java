package dev.llmchat.system.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles, read instruction by instruction (CI has no Docker engine to build them; {@link ComposeStackTests}
 * does where there is one): multi-stage builds of the local sources with the Maven wrapper, a JRE runtime that runs
 * as a non-root user with a healthcheck.
 */
class DockerfileTests {

	/** One instruction: its keyword in upper case and the rest, with continuation lines joined. */
	record Instruction(String keyword, String arguments) {

		@Override
		public String toString() {
			return keyword + " " + arguments;
		}

	}

	static List<Instruction> parse(String dockerfile) throws IOException {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(Scripts.root().resolve(dockerfile), StandardCharsets.UTF_8)) {
			String trimmed = line.strip();
			if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (trimmed.startsWith("#")) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			String instruction = current.toString().strip();
			current.setLength(0);
			int space = instruction.indexOf(' ');
			instructions.add(new Instruction(instruction.substring(0, space).toUpperCase(Locale.ROOT),
					instruction.substring(space + 1).strip()));
		}
		return instructions;
	}

	/** The instructions after the last FROM: the image that runs. */
	static List<Instruction> finalStage(List<Instruction> instructions) {
		int lastFrom = -1;
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).keyword().equals("FROM")) {
				lastFrom = i;
			}
		}
		return instructions.subList(lastFrom, instructions.size());
	}

	private static List<String> arguments(List<Instruction> instructions, String keyword) {
		return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
	}

	/** The position of the first {@code keyword} instruction whose arguments contain {@code text}, or -1. */
	private static int indexOf(List<Instruction> instructions, String keyword, String text) {
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).keyword().equals(keyword) && instructions.get(i).arguments().contains(text)) {
				return i;
			}
		}
		return -1;
	}

	@ParameterizedTest
	@ValueSource(strings = { "Dockerfile.backend", "Dockerfile.frontend", "Dockerfile.simulator" })
	void buildsInOneStageAndRunsFromAJreInAnother(String dockerfile) throws IOException {
		List<Instruction> instructions = parse(dockerfile);
		List<String> froms = arguments(instructions, "FROM");

		assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
		assertThat(froms).anySatisfy(from -> assertThat(from).contains("-jdk").endsWith(" AS build"));
		assertThat(froms.get(froms.size() - 1)).startsWith("eclipse-temurin:").contains("-jre");
		assertThat(arguments(finalStage(instructions), "COPY")).allSatisfy(copy -> assertThat(copy).startsWith("--from=build "));
	}

	@ParameterizedTest
	@CsvSource({ "Dockerfile.backend, backend", "Dockerfile.frontend, frontend",
			"Dockerfile.simulator, vllm-server/simulator" })
	void buildsOnlyItsModuleFromTheLocalSourcesWithTheMavenWrapper(String dockerfile, String module) throws IOException {
		List<Instruction> instructions = parse(dockerfile);
		String text = Files.readString(Scripts.root().resolve(dockerfile), StandardCharsets.UTF_8);
		List<String> runs = arguments(instructions, "RUN");

		assertThat(text).doesNotContain("git clone").doesNotContainPattern("(?m)^ADD\\s+https?://");
		assertThat(runs).anySatisfy(run -> assertThat(run).contains("./mvnw -B -pl " + module).contains(" package -DskipTests"));
		assertThat(runs).filteredOn(run -> run.contains("./mvnw")).allSatisfy(run -> assertThat(run).contains(
				"--mount=type=cache,target=/root/.m2"));
	}

	/**
	 * The reactor reads every module's pom, even to build one module, so a pom the build lacks breaks every image.
	 * The poms are found in the sources by a stage of their own rather than listed, so that a module added to the
	 * reactor needs no edit here (a list once lacked the benchmark module and no image built).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "Dockerfile.backend", "Dockerfile.frontend", "Dockerfile.simulator" })
	void resolvesDependenciesFromEveryModulesPomBeforeTheSourcesAreCopied(String dockerfile) throws IOException {
		List<Instruction> instructions = parse(dockerfile);
		int pomsStage = indexOf(instructions, "FROM", " AS poms");
		int buildStage = indexOf(instructions, "FROM", " AS build");
		int goOffline = indexOf(instructions, "RUN", "dependency:go-offline");
		int allSources = indexOf(instructions.subList(goOffline + 1, instructions.size()), "COPY", ". .");

		assertThat(pomsStage).as("a stage that keeps only the poms").isNotNegative().isLessThan(buildStage);
		List<Instruction> poms = instructions.subList(pomsStage, buildStage);
		assertThat(arguments(poms, "COPY")).containsExactly(". .");
		assertThat(arguments(poms, "RUN")).containsExactly("find . -type f ! -name pom.xml -delete");
		List<Instruction> build = instructions.subList(buildStage, instructions.size());
		assertThat(indexOf(build, "COPY", "--from=poms /src/ ./")).as("the poms reach the build stage")
			.isNotNegative()
			.isLessThan(indexOf(build, "RUN", "dependency:go-offline"));
		assertThat(arguments(instructions, "COPY")).as("no module's pom or sources are listed by name")
			.noneSatisfy(copy -> assertThat(copy).containsPattern("pom\\.xml|[A-Za-z]/src"));
		assertThat(allSources).as("the sources are copied after the dependency layer").isNotNegative();
		assertThat(arguments(build, "COPY")).anySatisfy(copy -> assertThat(copy).contains("mvnw"))
			.anySatisfy(copy -> assertThat(copy).startsWith(".mvn/"));
	}

	@Test
	void theBuildContextKeepsEveryModulesPomAndSources() throws IOException {
		List<String> modules = Pattern.compile("<module>([^<]+)</module>")
			.matcher(Files.readString(Scripts.root().resolve("pom.xml"), StandardCharsets.UTF_8))
			.results()
			.map(match -> match.group(1))
			.toList();
		List<PathMatcher> ignored = Files.readAllLines(Scripts.root().resolve(".dockerignore"), StandardCharsets.UTF_8)
			.stream()
			.map(String::strip)
			.filter(line -> !line.isEmpty() && !line.startsWith("#"))
			.map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern))
			.toList();

		assertThat(modules).contains("backend", "frontend", "vllm-server/simulator", "common", "benchmark");
		for (String module : modules) {
			List<Path> needed = module.equals("system-tests") ? List.of(Path.of(module, "pom.xml"))
					: List.of(Path.of(module, "pom.xml"), Path.of(module, "src", "main"));
			for (Path path : needed) {
				for (Path part = path; part != null; part = part.getParent()) {
					Path checked = part;
					assertThat(ignored).as(".dockerignore leaves %s in the build context", path)
						.noneMatch(matcher -> matcher.matches(checked));
				}
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "Dockerfile.backend, 8000", "Dockerfile.frontend, 5001", "Dockerfile.simulator, 8080" })
	void runsAsANonRootUserWithAHealthcheckOnItsPort(String dockerfile, String port) throws IOException {
		List<Instruction> runtime = finalStage(parse(dockerfile));

		List<String> users = arguments(runtime, "USER");
		assertThat(users).hasSize(1);
		assertThat(users.get(0)).isNotIn("root", "0", "0:0");
		assertThat(arguments(runtime, "EXPOSE")).containsExactly(port);
		List<String> healthchecks = arguments(runtime, "HEALTHCHECK");
		assertThat(healthchecks).singleElement().asString().contains("CMD curl -fsS").contains("/health");
		assertThat(healthchecks.get(0)).satisfiesAnyOf(check -> assertThat(check).contains(":" + port + "/health"),
				check -> assertThat(check).contains(":-" + port + "}/health"));
		// the runtime image must have the tool the healthcheck calls
		assertThat(arguments(runtime, "RUN")).anySatisfy(run -> assertThat(run).contains("apt-get install")
			.contains(" curl"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Dockerfile.backend", "Dockerfile.frontend" })
	void theSpringApplicationsStartFromAStartUpCacheRecordedInTheImage(String dockerfile) throws IOException {
		List<Instruction> runtime = finalStage(parse(dockerfile));

		assertThat(arguments(runtime, "RUN")).anySatisfy(run -> assertThat(run)
			.contains("java @jvm.options -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar app.jar")
			.contains("java @jvm.options -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar")
			.contains(">app.jvmopts")
			.contains("DATABASE_URL=sqlite:////tmp/training/"));
		assertThat(arguments(runtime, "ENTRYPOINT")).singleElement().asString()
			.startsWith("[\"java\", \"@app.jvmopts\"");
		// recorded as root before USER, so that the unprivileged user cannot alter what every start loads
		assertThat(indexOf(runtime, "RUN", "app.jvmopts")).isNotNegative().isLessThan(indexOf(runtime, "USER", ""));
	}

	@Test
	void theSimulatorFollowsTheContainerMemoryLimitAndExitsOnOutOfMemory() throws IOException {
		List<String> entrypoints = arguments(finalStage(parse("Dockerfile.simulator")), "ENTRYPOINT");

		assertThat(entrypoints).singleElement().asString()
			.startsWith("[\"java\"")
			.contains("\"-XX:MaxRAMPercentage=75\"")
			.contains("\"-XX:+ExitOnOutOfMemoryError\"")
			.contains("\"-jar\", \"app.jar\"");
	}

	/** The heap limit and the other JVM options come from the module's jvm.options ({@link JvmOptionsTests}). */
	@ParameterizedTest
	@CsvSource({ "Dockerfile.backend, backend", "Dockerfile.frontend, frontend" })
	void theSpringApplicationsRunWithTheirCommittedJvmOptionsAndExitOnOutOfMemory(String dockerfile, String module)
			throws IOException {
		List<Instruction> runtime = finalStage(parse(dockerfile));

		int copied = indexOf(runtime, "COPY", "--from=build /src/" + module + "/jvm.options ./");
		assertThat(copied).as("the options file is in the image").isNotNegative()
			.isLessThan(indexOf(runtime, "RUN", "@jvm.options"));
		assertThat(arguments(runtime, "ENTRYPOINT")).singleElement().asString()
			.startsWith("[\"java\", \"@app.jvmopts\", \"@jvm.options\"")
			.contains("\"-XX:+ExitOnOutOfMemoryError\"")
			.contains("\"-jar\", \"app.jar\"")
			.doesNotContain("-Xmx").doesNotContain("MaxRAM");
	}

}
