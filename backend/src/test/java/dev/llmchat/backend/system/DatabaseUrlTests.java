package dev.llmchat.backend.system;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTests {

	@Test
	void thePythonRelativeFormPointsAtAFileInTheWorkingDirectory() {
		DatabaseUrl url = DatabaseUrl.parse("sqlite:///./app.db");
		assertThat(url.isSqlite()).isTrue();
		assertThat(url.sqliteFile()).contains(Path.of("app.db").toAbsolutePath().normalize());
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("app.db").toAbsolutePath().normalize());
	}

	@Test
	void thePythonAbsoluteFormKeepsItsPath() {
		DatabaseUrl url = DatabaseUrl.parse("sqlite:////app/data/app.db");
		assertThat(url.sqliteFile()).contains(Path.of("/app/data/app.db"));
	}

	@Test
	void aJdbcUrlIsUsedAsIs() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:/tmp/x.db?cache=shared");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db?cache=shared");
		assertThat(url.sqliteFile()).contains(Path.of("/tmp/x.db"));
	}

	@Test
	void aPostgresUrlIsMappedToJdbcWithItsCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss@db.example:5433/chat?sslmode=require");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/chat?sslmode=require");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("p@ss");
		assertThat(url.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
	}

	@Test
	void aPasswordKeepsItsPlusSignsAndPercentEncodedCharacters() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:a+b%2Fc%3D@db/chat");
		assertThat(url.password()).isEqualTo("a+b/c=");
	}

	@Test
	void thePostgresSchemeAndAJdbcPostgresqlUrlAreAccepted() {
		assertThat(DatabaseUrl.parse("postgres://app@db/chat").jdbcUrl()).isEqualTo("jdbc:postgresql://db/chat");
		DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://db:5432/chat?user=app&password=x");
		assertThat(jdbc.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
		assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/chat?user=app&password=x");
	}

	@Test
	void anotherDatabaseIsRefusedWithoutRepeatingItsPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://app:secret@x/y"))
			.withMessageContaining("postgresql://user:pass@host:5432/db")
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://x/y"))
			.withMessageContaining("sqlite:///./data/app.db");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("postgresql://app@db"))
			.withMessageContaining("names no PostgreSQL host and database");
	}

	@Test
	void anUnsupportedOrEmptyUrlIsAClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://x/y"))
			.withMessageContaining("sqlite:///./data/app.db");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("sqlite:///"))
			.withMessageContaining("names no file");
	}

}
