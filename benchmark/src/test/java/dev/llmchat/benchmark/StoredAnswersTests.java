package dev.llmchat.benchmark;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredAnswersTests {

	@Test
	void aFileIsReadAsSqlite() {
		assertThat(new StoredAnswers("target/app.db").jdbcUrl())
			.isEqualTo("jdbc:sqlite:" + Path.of("target/app.db").toAbsolutePath() + "?busy_timeout=30000");
	}

	@Test
	void aDatabaseUrlAsTheBackendTakesItIsReadAsPostgresqlWithoutTheCredentialsInTheJdbcUrl() {
		assertThat(new StoredAnswers("postgresql://bench:s3cret@127.0.0.1:5433/llmchat_benchmark").jdbcUrl())
			.isEqualTo("jdbc:postgresql://127.0.0.1:5433/llmchat_benchmark");
		assertThat(new StoredAnswers("postgres://root@localhost/llmchat").jdbcUrl())
			.isEqualTo("jdbc:postgresql://localhost:5432/llmchat");
	}

}
