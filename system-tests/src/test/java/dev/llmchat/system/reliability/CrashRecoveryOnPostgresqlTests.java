package dev.llmchat.system.reliability;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.system.AppProcess;
import dev.llmchat.system.TestStack;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CrashRecoveryTests} on PostgreSQL, with the backend's default lease of a running answer (15 s, renewed every
 * 5 s): there the restarted backend is one replica among any number, so it does not end every answer left streaming
 * at start, but the ones whose owner stopped renewing them; the killed backend's answer is ended, its question and
 * its text up to its last second kept ({@link MidAnswerCrash}), not before its lease ran out, and within a lease and
 * a renewal of the restarted backend answering. (That the other replicas end it within 30 s of the kill is
 * {@link ReplicasBehindNginxTests}'.)
 */
@ExtendWith(PostgresDatabase.Required.class)
class CrashRecoveryOnPostgresqlTests {

	private static final Duration START_DEADLINE = Duration.ofSeconds(180);

	/** The default lease and its renewal: the most a restarted backend takes to end an answer whose owner died. */
	private static final Duration ENDED_WITHIN = Duration.ofSeconds(15 + 5);

	@Test
	void afterSigkillMidAnswerTheRestartEndsTheAnswerOnceItsLeaseRanOutKeepingItsTextUpToItsLastSecond()
			throws Exception {
		String secret = TestStack.randomSecret();
		int port = AppProcess.freePort();
		Http api = new Http("http://127.0.0.1:" + port);
		try (PostgresDatabase database = PostgresDatabase.create("crash");
				VllmSimulator simulator = VllmSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(20))) {
			MidAnswerCrash crash = MidAnswerCrash.ofStarted(
					backend(port, database, secret, simulator, "backend-before-crash-postgresql.log"), api,
					START_DEADLINE);
			Duration leaseRanOut = crash.leaseRanOutAfterKill(database.jdbcUrl());

			AppProcess second = backend(port, database, secret, simulator, "backend-after-crash-postgresql.log")
				.start();
			try {
				second.awaitHttp(URI.create(api.baseUrl() + "/health"), START_DEADLINE);
				Duration ended = crash.awaitAnswerEndedVia(api, ENDED_WITHIN);
				System.out.printf("crash on PostgreSQL: the lease ran out %d ms after the kill, the answer was ended "
						+ "after %d ms%n", leaseRanOut.toMillis(), ended.toMillis());
				assertThat(ended).as("ended not before the lease ran out").isGreaterThanOrEqualTo(leaseRanOut);
				crash.assertAnswerKeptAsInterrupted(api);
			}
			finally {
				second.stop();
			}
		}
	}

	private static AppProcess.Builder backend(int port, PostgresDatabase database, String secret,
			VllmSimulator simulator, String log) {
		return TestStack.backend(port, database.url(), secret, simulator.baseUrl())
			.log(Path.of("target", "reliability", log));
	}

}
