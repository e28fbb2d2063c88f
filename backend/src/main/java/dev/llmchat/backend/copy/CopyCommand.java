package dev.llmchat.backend.copy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.llmchat.backend.system.DatabaseUrl;

/**
 * Moves a SQLite database into PostgreSQL: {@code java -jar llmchat-backend.jar --copy-from=sqlite:///./data/app.db}
 * with {@code DATABASE_URL} naming an empty PostgreSQL database (also {@code scripts/copy-sqlite-to-postgres.sh}, and
 * in the backend image {@code docker compose run --rm backend --copy-from=…}). No web server starts.
 * <p>
 * The target is migrated first, as the backend always migrates its database, and must then be empty. The source is
 * read, never written ({@link SqliteSource}); the rows go over in one transaction ({@link DatabaseCopy}). Then the
 * command prints the rows of each table and the time taken, or one sentence that says why nothing was copied and what
 * to do.
 */
public final class CopyCommand {

	private static final String OPTION = "--copy-from=";

	private CopyCommand() {
	}

	/** Whether the command line asks for the copy instead of the backend. */
	public static boolean requested(String[] args) {
		return Arrays.stream(args).anyMatch(arg -> arg.startsWith(OPTION));
	}

	/** Runs the copy the command line asks for, and returns the process's exit code: 0 copied, 1 not. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		long started = System.nanoTime();
		try {
			Path file = sourceFile(args);
			try (ConfigurableApplicationContext context = targetContext().run(args)) {
				MigrationVersion release = context.getBean(Flyway.class).info().current().getVersion();
				try (SqliteSource source = SqliteSource.open(file, release);
						Connection target = context.getBean(DataSource.class).getConnection()) {
					DatabaseCopy.Report report = new DatabaseCopy(source.connection(), target).run();
					print(out, file, context.getBean(DatabaseUrl.class), source.migratedFrom().orElse(null), release,
							report, Duration.ofNanos(System.nanoTime() - started));
					return 0;
				}
			}
		}
		catch (CopyRefusedException ex) {
			err.println("error: " + ex.getMessage());
		}
		catch (Exception ex) {
			SQLException sql = sqlCause(ex);
			if (sql != null) {
				err.println("error: " + explain(sql));
			}
			else {
				err.println("error: nothing was copied: " + ex);
				ex.printStackTrace(err);
			}
		}
		return 1;
	}

	private static Path sourceFile(String[] args) {
		String value = Arrays.stream(args)
			.filter(arg -> arg.startsWith(OPTION))
			.reduce((first, last) -> last)
			.orElseThrow()
			.substring(OPTION.length());
		DatabaseUrl url;
		try {
			url = DatabaseUrl.parse(value);
		}
		catch (IllegalArgumentException ex) {
			url = null;
		}
		if (url == null || !url.isSqlite() || url.sqliteFile().isEmpty()) {
			throw new CopyRefusedException("--copy-from takes the URL of a SQLite database file, as DATABASE_URL names "
					+ "it (for example --copy-from=sqlite:///./data/app.db), not " + DatabaseUrl.redacted(value) + ".");
		}
		Path file = url.sqliteFile().get();
		if (!Files.isRegularFile(file)) {
			throw new CopyRefusedException("There is no SQLite database at " + file + ": check --copy-from (a relative "
					+ "path starts in the current folder, " + Path.of("").toAbsolutePath() + ").");
		}
		return file;
	}

	/** The target database alone, with the backend's configuration: it must be PostgreSQL before anything opens it. */
	private static SpringApplication targetContext() {
		return new SpringApplicationBuilder(TargetDatabase.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			// Flyway says what it migrates; the one-sentence errors below replace the stack traces of a failed start
			.properties("logging.pattern.console=%msg%n", "logging.level.root=warn", "logging.level.org.flywaydb=info",
					"logging.level.org.springframework.boot.SpringApplication=off", "logging.level.com.zaxxer.hikari=off")
			.initializers((context) -> requirePostgresql(context.getEnvironment()))
			.build();
	}

	private static void requirePostgresql(Environment environment) {
		String url = environment.getRequiredProperty("llmchat.database.url");
		boolean sqlite;
		try {
			sqlite = DatabaseUrl.parse(url).isSqlite();
		}
		catch (IllegalArgumentException ex) {
			throw new CopyRefusedException(ex.getMessage());
		}
		if (sqlite) {
			throw new CopyRefusedException("DATABASE_URL names SQLite (" + DatabaseUrl.redacted(url) + "), but the copy "
					+ "goes into PostgreSQL: set DATABASE_URL=postgresql://user:password@host:5432/database.");
		}
	}

	/** One sentence for what goes wrong most often, the database's own message for the rest. */
	private static String explain(SQLException ex) {
		String message = (ex.getMessage() == null) ? "" : ex.getMessage().lines().findFirst().orElse("").strip();
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		if (state.startsWith("08")) {
			// the driver's first sentence names the address: "Connection to 127.0.0.1:5432 refused. Check that..."
			return "PostgreSQL does not answer: " + message.split("\\. ", 2)[0] + "; start it, or correct the host "
					+ "and port in DATABASE_URL.";
		}
		if (state.equals("3D000")) {
			return "PostgreSQL answers: " + message + "; create it first (for example: createdb llmchat), or correct "
					+ "DATABASE_URL.";
		}
		return "nothing was copied: " + message;
	}

	/** The outermost SQLException among the causes: the pool's and Flyway's wrap the driver's, ours wrap a batch's. */
	private static SQLException sqlCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				return sql;
			}
		}
		return null;
	}

	private static void print(PrintStream out, Path file, DatabaseUrl target, MigrationVersion migratedFrom,
			MigrationVersion release, DatabaseCopy.Report report, Duration took) {
		if (migratedFrom != null) {
			out.println("The SQLite database is at schema version " + migratedFrom + ": a temporary copy of it was "
					+ "migrated to version " + release + " and copied; " + file + " itself is unchanged.");
		}
		out.printf(Locale.ROOT, "Copied %s into %s in %.1f s:%n", file, target.jdbcUrl().replaceFirst("\\?.*", ""),
				took.toMillis() / 1000.0);
		report.rows().forEach((table, rows) -> {
			Long next = report.nextIds().get(table);
			out.printf(Locale.ROOT, "  %-20s %10d %s%s%n", table, rows, (rows == 1) ? "row" : "rows",
					(next != null) ? ", new ids from " + next : "");
		});
		if (report.interruptedAnswers() > 0) {
			out.println(report.interruptedAnswers() + " answer(s) still streaming in SQLite (a backend that did not "
					+ "stop) are interrupted in PostgreSQL.");
		}
	}

}
