package dev.llmchat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test class needs from the machine (a browser, a Docker engine, PostgreSQL): where it is missing, the class is skipped,
 * so that Maven counts its tests as skipped rather than as none, and the reason is printed at the end of the
 * module's tests. Surefire keeps the tests' own output in files, so the reason goes to
 * {@code target/skipped-tests.txt}, which the build prints (see the root pom's {@code print-skipped-tests}).
 */
public abstract class Prerequisite implements ExecutionCondition {

	static final Path SKIPPED_TESTS = Path.of("target", "skipped-tests.txt");

	private static final Set<String> RECORDED = new HashSet<>();

	/** Why the tests cannot run here, in a sentence that says what to install or do; null when they can. */
	protected abstract String missing();

	@Override
	public final ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (context.getTestMethod().isPresent()) {
			return ConditionEvaluationResult.enabled("decided for the whole class");
		}
		String reason = missing();
		if (reason == null) {
			return ConditionEvaluationResult.enabled("what the tests need is here");
		}
		String line = "SKIPPED " + context.getRequiredTestClass().getSimpleName() + ": " + reason;
		System.out.println(line);
		record(reason, line);
		return ConditionEvaluationResult.disabled(reason);
	}

	/** Each reason once per test run: the first class skipped for it names it. */
	private static synchronized void record(String reason, String line) {
		if (!RECORDED.add(reason)) {
			return;
		}
		try {
			Files.createDirectories(SKIPPED_TESTS.toAbsolutePath().getParent());
			Files.writeString(SKIPPED_TESTS, line + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
