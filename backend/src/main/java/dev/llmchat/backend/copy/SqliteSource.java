package dev.llmchat.backend.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteConfig;

import dev.llmchat.backend.system.DatabaseKind;

/**
 * The SQLite database to copy from. Its file is opened read-only and never written: SQLite refuses every write on
 * such a connection, and no migration or recovery runs on it.
 * <p>
 * The copy reads tables of this release's schema. A file at this release's schema version is read as it is, in one
 * read transaction, so the copy is one consistent moment of it even if a backend still writes to it. A file an older
 * release made is first copied whole ({@code VACUUM INTO}, itself a consistent snapshot) into a temporary folder, and
 * that copy is migrated with this release's SQLite migrations, as the backend would migrate the file when it starts;
 * the file itself stays as the older release left it, so that release can still run on it. A file a newer release
 * migrated is refused: this release does not know its tables.
 */
final class SqliteSource implements AutoCloseable {

	private static final String HISTORY = "flyway_schema_history";

	private final Connection connection;

	private final Path snapshotFolder;

	private final MigrationVersion migratedFrom;

	private SqliteSource(Connection connection, Path snapshotFolder, MigrationVersion migratedFrom) {
		this.connection = connection;
		this.snapshotFolder = snapshotFolder;
		this.migratedFrom = migratedFrom;
	}

	/** Opens {@code file} for a copy into a database at {@code release}, this release's schema version. */
	static SqliteSource open(Path file, MigrationVersion release) throws SQLException, IOException {
		SQLiteConfig readOnly = new SQLiteConfig();
		readOnly.setReadOnly(true);
		Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly.toProperties());
		try {
			MigrationVersion version = schemaVersion(connection, file);
			if (version.compareTo(release) > 0) {
				throw new CopyRefusedException("The SQLite database " + file + " was migrated by a newer release (schema "
						+ "version " + version + "; this one knows up to " + release + "): copy it with that release.");
			}
			if (version.compareTo(release) == 0) {
				connection.setAutoCommit(false);
				return new SqliteSource(connection, null, null);
			}
			Path folder = Files.createTempDirectory("llmchat-copy-");
			try {
				Path snapshot = folder.resolve("snapshot.db");
				try (PreparedStatement vacuum = connection.prepareStatement("vacuum into ?")) {
					vacuum.setString(1, snapshot.toString());
					vacuum.execute();
				}
				connection.close();
				Flyway.configure()
					.dataSource("jdbc:sqlite:" + snapshot, null, null)
					.locations(DatabaseKind.SQLITE.migrations())
					.load()
					.migrate();
				Connection migrated = DriverManager.getConnection("jdbc:sqlite:" + snapshot);
				migrated.setAutoCommit(false);
				return new SqliteSource(migrated, folder, version);
			}
			catch (SQLException | RuntimeException ex) {
				try {
					delete(folder);
				}
				catch (UncheckedIOException cleanup) {
					ex.addSuppressed(cleanup);
				}
				throw ex;
			}
		}
		catch (SQLException | IOException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/** The connection to read from, in one read transaction. */
	Connection connection() {
		return this.connection;
	}

	/** The schema version of the file, when a migrated copy of it is read instead because an older release made it. */
	Optional<MigrationVersion> migratedFrom() {
		return Optional.ofNullable(this.migratedFrom);
	}

	@Override
	public void close() throws SQLException {
		try {
			this.connection.close();
		}
		finally {
			if (this.snapshotFolder != null) {
				delete(this.snapshotFolder);
			}
		}
	}

	private static MigrationVersion schemaVersion(Connection connection, Path file) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			try (ResultSet tables = statement
				.executeQuery("select count(*) from sqlite_master where type = 'table' and name = '" + HISTORY + "'")) {
				if (!tables.next() || tables.getInt(1) == 0) {
					throw new CopyRefusedException("The SQLite database " + file + " is not one the backend made (it has "
							+ "no " + HISTORY + " table): check --copy-from.");
				}
			}
			MigrationVersion version = MigrationVersion.EMPTY;
			try (ResultSet applied = statement
				.executeQuery("select version from " + HISTORY + " where success = 1 and version is not null")) {
				while (applied.next()) {
					MigrationVersion each = MigrationVersion.fromVersion(applied.getString(1));
					version = (each.compareTo(version) > 0) ? each : version;
				}
			}
			return version;
		}
	}

	private static void delete(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete the temporary copy in " + folder + ": " + ex.getMessage(), ex);
		}
	}

}
