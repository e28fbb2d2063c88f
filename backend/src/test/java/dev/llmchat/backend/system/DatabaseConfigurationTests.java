package dev.llmchat.backend.system;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DatabaseConfigurationTests {

	@TempDir
	Path folder;

	@Test
	void theDatabasesFolderIsCreatedWhenMissing() throws Exception {
		Path file = this.folder.resolve("nested/deeper/app.db");
		DatabaseProperties properties = new DatabaseProperties("sqlite:///" + file, Duration.ofSeconds(3), 1);
		DataSource dataSource = new DatabaseConfiguration().dataSource(DatabaseUrl.parse(properties.url()), properties);
		try (var connection = dataSource.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		((HikariDataSource) dataSource).close();
		assertThat(file).exists();
	}

	@Test
	void aUrlOfADatabaseThisBuildCannotDriveIsAClearStartUpError() {
		DatabaseProperties properties = new DatabaseProperties("postgresql://app:secret@db/chat", Duration.ofSeconds(3), 1);
		assertThatIllegalStateException()
			.isThrownBy(() -> new DatabaseConfiguration().dataSource(DatabaseUrl.parse(properties.url()), properties))
			.withMessageContaining("includes only SQLite")
			.withMessageNotContaining("secret");
	}

}
