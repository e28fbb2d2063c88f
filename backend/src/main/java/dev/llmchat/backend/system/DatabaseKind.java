package dev.llmchat.backend.system;

/**
 * The databases the backend runs on: SQLite, the zero-setup default for one process, and PostgreSQL, for a team
 * that outgrows one machine. Each has its own migrations (the same history, in each one's SQL) and Hibernate
 * dialect; the rest of the code is the same for both.
 */
public enum DatabaseKind {

	SQLITE("org.hibernate.community.dialect.SQLiteDialect"),

	POSTGRESQL("org.hibernate.dialect.PostgreSQLDialect");

	private final String dialect;

	DatabaseKind(String dialect) {
		this.dialect = dialect;
	}

	/** Where its Flyway migrations are: {@code db/migration/sqlite} or {@code db/migration/postgresql}. */
	public String migrations() {
		return "classpath:db/migration/" + name().toLowerCase(java.util.Locale.ROOT);
	}

	String dialect() {
		return this.dialect;
	}

}
