package dev.llmchat.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh PostgreSQL database of a test's own, created in the server that {@code LLMCHAT_TEST_POSTGRES} names and
 * dropped again. The default, {@code postgresql://postgres@127.0.0.1:5432/postgres}, is the PostgreSQL 15 that every
 * developer machine and CI run (trust authentication). Where none answers, {@link #unavailable()} says why, so that
 * the tests that need one are skipped with that reason instead of failing.
 */
public final class PostgresDatabase implements AutoCloseable {

	/** The server to create test databases in, as {@code postgresql://user[:password]@host:port/maintenance-db}. */
	public static final String SERVER = System.getenv().getOrDefault("LLMCHAT_TEST_POSTGRES",
			"postgresql://postgres@127.0.0.1:5432/postgres");

	private static PostgresDatabase shared;

	private final String name;

	private PostgresDatabase(String name) {
		this.name = name;
	}

	/** Skips a test class that needs PostgreSQL where none answers, saying why. */
	public static final class Required extends Prerequisite {

		@Override
		protected String missing() {
			return unavailable();
		}

	}

	/** Why no test database can be made here, in a sentence; null when one can. */
	public static String unavailable() {
		try (Connection connection = connect(server().getPath().substring(1))) {
			return connection.isValid(2) ? null : "PostgreSQL at " + describe() + " does not answer";
		}
		catch (SQLException ex) {
			return "no PostgreSQL answers at " + describe() + " (" + ex.getMessage().lines().findFirst().orElse("")
					+ "), so the tests on PostgreSQL did not run; start one there, or name another in "
					+ "LLMCHAT_TEST_POSTGRES=postgresql://user@host:port/postgres";
		}
	}

	/** A new, empty database named {@code llmchat_<purpose>_<random>}; closing it drops it. */
	public static PostgresDatabase create(String purpose) {
		String name = ("llmchat_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		execute("create database " + name);
		return new PostgresDatabase(name);
	}

	/** One database for every test of this JVM that asks for it, dropped when the JVM exits. */
	public static synchronized PostgresDatabase shared(String purpose) {
		if (shared == null) {
			shared = create(purpose);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "drop-test-database"));
		}
		return shared;
	}

	public String name() {
		return this.name;
	}

	/** The database as {@code DATABASE_URL} takes it: {@code postgresql://user[:password]@host:port/name}. */
	public String url() {
		URI server = server();
		String userInfo = (server.getRawUserInfo() != null) ? server.getRawUserInfo() : credentials()[0];
		return "postgresql://" + userInfo + "@" + server.getHost() + ":" + port(server) + "/" + this.name;
	}

	/** The database's JDBC URL, with the user and password as parameters. */
	public String jdbcUrl() {
		return jdbcUrl(this.name) + credentialsQuery();
	}

	/** Drops the database, ending any connection still open to it. */
	@Override
	public void close() {
		execute("drop database if exists " + this.name + " with (force)");
	}

	private static void execute(String sql) {
		try (Connection connection = connect(server().getPath().substring(1));
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + describe() + " refused '" + sql + "': " + ex.getMessage(),
					ex);
		}
	}

	private static Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		String[] credentials = credentials();
		properties.setProperty("user", credentials[0]);
		if (credentials.length > 1) {
			properties.setProperty("password", credentials[1]);
		}
		properties.setProperty("connectTimeout", "3");
		properties.setProperty("loginTimeout", "5");
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	private static String jdbcUrl(String database) {
		URI server = server();
		return "jdbc:postgresql://" + server.getHost() + ":" + port(server) + "/" + database;
	}

	private String credentialsQuery() {
		String[] credentials = credentials();
		return "?user=" + credentials[0] + (credentials.length > 1 ? "&password=" + credentials[1] : "");
	}

	private static String[] credentials() {
		String userInfo = server().getUserInfo();
		return (userInfo == null || userInfo.isBlank()) ? new String[] { "postgres" } : userInfo.split(":", 2);
	}

	private static URI server() {
		return URI.create(SERVER);
	}

	private static int port(URI server) {
		return server.getPort() > 0 ? server.getPort() : 5432;
	}

	private static String describe() {
		URI server = server();
		return server.getHost() + ":" + port(server);
	}

}
