package dev.llmchat.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmchat.backend.system.DatabaseKind;
import dev.llmchat.simulator.Fault;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.testsupport.PostgresDatabase;
import dev.llmchat.testsupport.Prerequisite;

/**
 * The whole backend on a random port, with the vLLM simulator as its model server and a real database: a SQLite file
 * in a temporary folder, or, in the build's second run of these tests ({@code -Dllmchat.test.database=postgresql},
 * the surefire execution "postgresql"), a fresh PostgreSQL database of its own, which is skipped with the reason
 * printed where no PostgreSQL answers. The simulator and the database are shared by every test class that extends
 * this one, so Spring's context is started once. The model does not title chats here, so that the requests the
 * simulator receives are the answers' alone; {@code ChatTitlesTests} turns it on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "llmchat.llm.first-token-timeout=10s",
				"llmchat.llm.idle-timeout=5s", "llmchat.llm.health-cache=200ms", "llmchat.llm.health-timeout=1s",
				"llmchat.generation.flush-interval=200ms", "llmchat.generation.per-user-per-minute=1000",
				"llmchat.auth.max-failures-per-address=100000", "llmchat.generation.model-titles=false" })
@Tag("database")
@ExtendWith(BackendTest.DatabaseAvailable.class)
public abstract class BackendTest {

	public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-signing";

	/** The database these tests run on. */
	public static final DatabaseKind DATABASE = "postgresql".equals(System.getProperty("llmchat.test.database"))
			? DatabaseKind.POSTGRESQL : DatabaseKind.SQLITE;

	protected static final VllmSimulator simulator = VllmSimulator
		.start(SimulatorConfig.defaults().withTokensPerSecond(400).withAnswerTokens(24));

	private static final Path dataFolder = temporaryFolder();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcTemplate jdbc;

	protected ApiClient api;

	@DynamicPropertySource
	static void backendProperties(DynamicPropertyRegistry registry) {
		databaseAndModelServer(registry, () -> (DATABASE == DatabaseKind.POSTGRESQL)
				? PostgresDatabase.shared("backend").url() : sqlite(dataFolder), simulator::baseUrl);
	}

	/**
	 * For a test class with a model server of its own: a database in a new temporary folder, the model server at
	 * {@code baseUrl} and the test signing key.
	 */
	public static void ownDatabaseAndModelServer(DynamicPropertyRegistry registry, Supplier<Object> baseUrl) {
		Path folder = temporaryFolder();
		databaseAndModelServer(registry, () -> sqlite(folder), baseUrl);
	}

	private static String sqlite(Path folder) {
		return "sqlite:///" + folder.resolve("app.db");
	}

	private static void databaseAndModelServer(DynamicPropertyRegistry registry, Supplier<Object> databaseUrl,
			Supplier<Object> baseUrl) {
		registry.add("llmchat.database.url", databaseUrl);
		registry.add("llmchat.llm.base-url", baseUrl);
		registry.add("llmchat.auth.secret-key", () -> SECRET);
	}

	@BeforeEach
	void resetSimulatorAndClient() {
		simulator.fault(Fault.NONE);
		this.api = new ApiClient(this.port);
	}

	protected static Path dataFolder() {
		return dataFolder;
	}

	/** Skips the tests on PostgreSQL, saying why, where none answers. */
	static final class DatabaseAvailable extends Prerequisite {

		@Override
		protected String missing() {
			return (DATABASE == DatabaseKind.POSTGRESQL) ? PostgresDatabase.unavailable() : null;
		}

	}

	private static Path temporaryFolder() {
		try {
			Path folder = Files.createTempDirectory("llmchat-backend-test");
			folder.toFile().deleteOnExit();
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
