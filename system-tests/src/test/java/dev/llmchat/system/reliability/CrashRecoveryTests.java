package dev.llmchat.system.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.system.AppProcess;
import dev.llmchat.system.TestStack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend jar killed with SIGKILL in the middle of a streamed answer and started again on the same SQLite
 * file: as soon as it answers, the question is there and the answer up to its last second, marked interrupted
 * ({@link MidAnswerCrash}), and the database file passes SQLite's integrity check both as the crash left it and
 * after the restarted backend stopped. {@link CrashRecoveryOnPostgresqlTests} does the same on PostgreSQL.
 */
class CrashRecoveryTests {

	private static final Duration START_DEADLINE = Duration.ofSeconds(180);

	@TempDir
	Path data;

	@Test
	void afterSigkillMidAnswerTheRestartKeepsTheQuestionAndTheAnswerUpToItsLastSecondAsInterrupted() throws Exception {
		Path database = this.data.resolve("app.db");
		String secret = TestStack.randomSecret();
		int port = AppProcess.freePort();
		Http api = new Http("http://127.0.0.1:" + port);
		try (VllmSimulator simulator = VllmSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(20))) {
			MidAnswerCrash crash = MidAnswerCrash.ofStarted(
					backend(port, database, secret, simulator, "backend-before-crash.log"), api, START_DEADLINE);
			assertThat(integrityCheck(copyOfDatabase(database))).as("the file as the crash left it").isEqualTo("ok");

			AppProcess second = backend(port, database, secret, simulator, "backend-after-crash.log").start();
			try {
				second.awaitHttp(URI.create(api.baseUrl() + "/health"), START_DEADLINE);
				crash.assertAnswerKeptAsInterrupted(api);
			}
			finally {
				second.stop();
			}
			assertThat(second.isAlive()).isFalse();
			assertThat(integrityCheck(database)).as("the file after the restarted backend stopped").isEqualTo("ok");
		}
	}

	private static AppProcess.Builder backend(int port, Path database, String secret, VllmSimulator simulator,
			String log) {
		return TestStack.backend(port, "sqlite:///" + database, secret, simulator.baseUrl())
			.log(Path.of("target", "reliability", log));
	}

	/** The database and its write-ahead log copied as they are, so checking them leaves the original alone. */
	private Path copyOfDatabase(Path database) throws IOException {
		Path copy = Files.createDirectories(this.data.resolve("as-crashed")).resolve("app.db");
		for (String suffix : List.of("", "-wal")) {
			Path file = Path.of(database + suffix);
			if (Files.exists(file)) {
				Files.copy(file, Path.of(copy + suffix), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return copy;
	}

	private static String integrityCheck(Path database) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
			List<String> rows = new ArrayList<>();
			while (result.next()) {
				rows.add(result.getString(1));
			}
			return String.join("\n", rows);
		}
	}

}
