package dev.llmchat.backend.copy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.llmchat.backend.system.DatabaseKind;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copy command on the sources and targets it must not or cannot copy: each is refused with one sentence that
 * says what to do, and leaves the target without a row. And on those it copies although they are not this release's
 * plain schema: a source of an older release, copied from a migrated copy of it while the file stays as that release
 * left it, and a table that both databases have besides this release's. The sources are SQLite files made with this
 * release's migrations, to the version each test needs, and rows written with SQL.
 */
@ExtendWith(PostgresDatabase.Required.class)
class CopyCommandTests {

	@TempDir
	Path folder;

	private PostgresDatabase target;

	@BeforeEach
	void emptyTarget() {
		this.target = PostgresDatabase.create("copy");
	}

	@AfterEach
	void dropTarget() {
		this.target.close();
	}

	@Test
	void aMissingSourceIsRefusedAndNotCreated() throws Exception {
		Path missing = this.folder.resolve("no-such.db");

		CopyRun run = copy(missing, this.target.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).isEqualTo("error: There is no SQLite database at " + missing
				+ ": check --copy-from (a relative path starts in the current folder, " + Path.of("").toAbsolutePath()
				+ ").\n");
		assertThat(missing).doesNotExist();
		assertThat(tablesOf(this.target)).as("not even migrated").isZero();
	}

	@Test
	void aSourceThatIsNotASqliteFileIsRefusedSayingWhatToGive() throws Exception {
		CopyRun run = CopyRun.of("--copy-from=postgresql://someone:secret@elsewhere/llmchat",
				"--DATABASE_URL=" + this.target.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).isEqualTo("error: --copy-from takes the URL of a SQLite database file, as DATABASE_URL "
				+ "names it (for example --copy-from=sqlite:///./data/app.db), not postgresql://elsewhere/llmchat.\n");
		assertThat(tablesOf(this.target)).isZero();
	}

	@Test
	void aTargetUrlOfNoKnownDatabaseIsRefusedWithTheFormsItTakes() throws Exception {
		CopyRun run = copy(source(null), "mysql://localhost/llmchat");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).startsWith("error: DATABASE_URL mysql://localhost/llmchat is not supported; use ")
			.contains("postgresql://user:pass@host:5432/db");
	}

	@Test
	void aTargetThatIsNotPostgresqlIsRefusedBeforeAnythingOpensIt() throws Exception {
		Path source = source(null);
		Path sqliteTarget = this.folder.resolve("target.db");

		CopyRun run = copy(source, "sqlite:///" + sqliteTarget);

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).startsWith("error: DATABASE_URL names SQLite (sqlite:///" + sqliteTarget + "), but the "
				+ "copy goes into PostgreSQL: set DATABASE_URL=postgresql://");
		assertThat(sqliteTarget).doesNotExist();
	}

	@Test
	void aPostgresqlThatDoesNotAnswerIsNamedWithWhatToDo() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		CopyRun run = copy(source(null), "postgresql://postgres@127.0.0.1:" + closedPort + "/llmchat");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).isEqualTo("error: PostgreSQL does not answer: Connection to 127.0.0.1:" + closedPort
				+ " refused; start it, or correct the host and port in DATABASE_URL.\n");
	}

	@Test
	void aPostgresqlDatabaseThatDoesNotExistIsNamedWithHowToCreateIt() throws Exception {
		PostgresDatabase dropped = PostgresDatabase.create("copy_dropped");
		dropped.close();

		CopyRun run = copy(source(null), dropped.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).isEqualTo("error: PostgreSQL answers: FATAL: database \"" + dropped.name()
				+ "\" does not exist; create it first (for example: createdb llmchat), or correct DATABASE_URL.\n");
	}

	@Test
	void aFileTheBackendDidNotMakeIsRefused() throws Exception {
		Path other = this.folder.resolve("other.db");
		sql(other, "create table notes (id integer primary key, text text)");

		CopyRun run = copy(other, this.target.url());

		assertThat(run.errors()).isEqualTo("error: The SQLite database " + other + " is not one the backend made (it "
				+ "has no flyway_schema_history table): check --copy-from.\n");
		assertThat(usersOf(this.target)).isZero();
	}

	@Test
	void aSourceANewerReleaseMigratedIsRefused() throws Exception {
		Path source = source(null);
		sql(source, "insert into flyway_schema_history (installed_rank, version, description, type, script, checksum, "
				+ "installed_by, execution_time, success) values (99, '99', 'from the future', 'SQL', "
				+ "'V99__from_the_future.sql', 0, 'someone', 1, 1)", USER);

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).startsWith("error: The SQLite database " + source + " was migrated by a newer release "
				+ "(schema version 99; this one knows up to ")
			.endsWith("): copy it with that release.\n");
		assertThat(usersOf(this.target)).isZero();
	}

	@Test
	void aSourceAnOlderReleaseMadeIsCopiedFromAMigratedCopyAndTheFileLeftAsItWas() throws Exception {
		Path source = source("1");
		sql(source, USER, CHAT, "insert into messages (id, chat_id, role, content, status, created_at) values "
				+ "(1, 1, 'user', 'pergunta', 'complete', 1700000000002), "
				+ "(2, 1, 'assistant', 'resposta pela metade', 'streaming', 1700000000003)");
		String checksum = Databases.checksum(source);
		List<Path> temporaryBefore = temporaryCopies();

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.output()).startsWith("The SQLite database is at schema version 1: a temporary copy of it was "
				+ "migrated to version ")
			.contains(source + " itself is unchanged.")
			.containsPattern("messages +2 rows, new ids from 3");
		assertThat(Databases.rows(this.target.jdbcUrl()).get("messages")).extracting(row -> row.get("status"))
			.containsExactly("complete", "interrupted");
		assertThat(Databases.checksum(source)).isEqualTo(checksum);
		assertThat(Databases.count("jdbc:sqlite:" + source, "flyway_schema_history")).isEqualTo(1);
		assertThat(temporaryCopies()).as("the migrated copy is deleted").isEqualTo(temporaryBefore);
	}

	@Test
	void dataInATableThisReleaseDoesNotHaveStopsTheCopy() throws Exception {
		Path source = source(null);
		sql(source, USER, "create table notes (id integer primary key, text text)", "insert into notes values (1, 'x')");

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).startsWith("error: The SQLite table notes has 1 rows, and this release's PostgreSQL "
				+ "schema has no such table: nothing was copied");
		assertThat(usersOf(this.target)).isZero();
	}

	@Test
	void anEmptyTableThisReleaseDoesNotHaveIsLeftBehind() throws Exception {
		Path source = source(null);
		sql(source, USER, "create table notes (id integer primary key, text text)");

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.output()).doesNotContain("notes");
		assertThat(usersOf(this.target)).isOne();
	}

	@Test
	void aTargetABackendAlreadyStartedOnIsFilledAndKeepsItsSigningKeyAndCounts() throws Exception {
		assertThat(copy(source(null), this.target.url()).exitCode()).as("a first copy of nothing migrates the target")
			.isZero();
		try (Connection postgresql = DriverManager.getConnection(this.target.jdbcUrl());
				Statement statement = postgresql.createStatement()) {
			statement.execute("insert into settings (name, value) values ('signing_key', 'a-replicas-key')");
			statement.execute("insert into counted_events (counter, expires_at) values ('login.failed.x', 1)");
		}
		Path source = source(null);
		sql(source, USER);

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.output()).doesNotContain("settings").doesNotContain("counted_events");
		assertThat(usersOf(this.target)).isOne();
		assertThat(Databases.count(this.target.jdbcUrl(), "settings")).isOne();
		assertThat(Databases.count(this.target.jdbcUrl(), "counted_events")).isOne();
	}

	@Test
	void aTableBothDatabasesHaveBesidesThisReleasesIsCopiedAfterTheTablesItNames() throws Exception {
		assertThat(copy(source(null), this.target.url()).exitCode()).as("a first copy of nothing migrates the target")
			.isZero();
		try (Connection postgresql = DriverManager.getConnection(this.target.jdbcUrl());
				Statement statement = postgresql.createStatement()) {
			statement.execute("create table notes (id bigint generated by default as identity primary key, "
					+ "user_id bigint not null references users (id), text text not null, score double precision)");
		}
		Path source = source(null);
		sql(source, USER, "create table notes (id integer primary key autoincrement, "
				+ "user_id integer not null references users (id), text text not null, score real)",
				"insert into notes values (1, 1, 'primeira 📝', 0.1), (5, 1, 'quinta', null)");

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.output()).containsPattern("users +1 row, new ids from 2\\n(.*\\n)*  notes +2 rows, new ids from 6");
		try (Connection postgresql = DriverManager.getConnection(this.target.jdbcUrl());
				Statement statement = postgresql.createStatement();
				ResultSet notes = statement.executeQuery("select id, user_id, text, score from notes order by id")) {
			assertThat(notes.next()).isTrue();
			assertThat(List.of(notes.getLong(1), notes.getLong(2), notes.getString(3), notes.getDouble(4)))
				.containsExactly(1L, 1L, "primeira 📝", 0.1);
			assertThat(notes.next()).isTrue();
			assertThat(List.of(notes.getLong(1), notes.getLong(2), notes.getString(3))).containsExactly(5L, 1L, "quinta");
			assertThat(notes.getObject(4)).isNull();
			assertThat(notes.next()).isFalse();
		}
	}

	@Test
	void valuesInAColumnThisReleaseDoesNotHaveStopTheCopy() throws Exception {
		Path source = source(null);
		sql(source, USER, CHAT, "alter table chats add column colour text", "update chats set colour = 'azul'");

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).startsWith("error: The SQLite column chats.colour has values, and this release's "
				+ "PostgreSQL schema has no such column: nothing was copied");
		assertThat(usersOf(this.target)).isZero();
	}

	@Test
	void aRowPostgresqlRefusesLeavesNothingCopiedAndShowsNoValues() throws Exception {
		Path source = source(null);
		sql(source, USER, CHAT);
		try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + source);
				PreparedStatement insert = sqlite.prepareStatement("insert into messages (id, chat_id, role, "
						+ "content, status, created_at) values (1, 1, 'user', ?, 'complete', 1700000000002)")) {
			insert.setString(1, "um NUL \u0000 que o PostgreSQL não guarda");
			insert.executeUpdate();
		}

		CopyRun run = copy(source, this.target.url());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.errors()).startsWith("error: nothing was copied: PostgreSQL refused one of the rows 1 to 1 of the "
				+ "table messages (in id order): ")
			.contains("0x00")
			.doesNotContain("$2a$").doesNotContain("NUL");
		assertThat(usersOf(this.target)).isZero();
	}

	private static final String USER = "insert into users (id, email, password_hash, full_name, created_at) values "
			+ "(1, 'ana@example.com', '$2a$10$abcdefghijklmnopqrstuv', 'Ana', 1700000000000)";

	private static final String CHAT = "insert into chats (id, user_id, title, created_at, updated_at) values "
			+ "(1, 1, 'Capitais', 1700000000001, 1700000000001)";

	/** A SQLite database migrated with this release's migrations, up to {@code version} (null: all of them). */
	private Path source(String version) {
		Path file = this.folder.resolve("source-" + UUID.randomUUID() + ".db");
		FluentConfiguration flyway = Flyway.configure()
			.dataSource("jdbc:sqlite:" + file, null, null)
			.locations(DatabaseKind.SQLITE.migrations());
		if (version != null) {
			flyway.target(version);
		}
		flyway.load().migrate();
		return file;
	}

	private static void sql(Path file, String... statements) throws SQLException {
		try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = sqlite.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static CopyRun copy(Path source, String targetUrl) {
		return CopyRun.of("--copy-from=sqlite:///" + source, "--DATABASE_URL=" + targetUrl);
	}

	private static List<Path> temporaryCopies() throws IOException {
		try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return files.filter(file -> file.getFileName().toString().startsWith("llmchat-copy-")).sorted().toList();
		}
	}

	private static long usersOf(PostgresDatabase database) throws SQLException {
		return Databases.count(database.jdbcUrl(), "users");
	}

	private static long tablesOf(PostgresDatabase database) throws SQLException {
		return Databases.count(database.jdbcUrl(), "information_schema.tables where table_schema = 'public'");
	}

}
