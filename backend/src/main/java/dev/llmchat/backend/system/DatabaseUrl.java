package dev.llmchat.backend.system;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code DATABASE_URL} turned into what JDBC needs. Accepts the forms of the system description and of
 * SQLAlchemy: {@code sqlite:///relative.db}, {@code sqlite:////absolute.db}, {@code postgresql://user:pass@host:port/db}
 * (also {@code postgres://}), and {@code jdbc:sqlite:…} or {@code jdbc:postgresql:…} as they are.
 *
 * @param kind which database it is
 * @param jdbcUrl the JDBC URL without SQLite pragmas
 * @param username the user name, when the URL carried one
 * @param password the password, when the URL carried one
 * @param sqliteFile the SQLite database file, for SQLite URLs
 */
public record DatabaseUrl(DatabaseKind kind, String jdbcUrl, String username, String password,
		Optional<Path> sqliteFile) {

	public static DatabaseUrl parse(String url) {
		String value = url.strip();
		if (value.startsWith("jdbc:sqlite:")) {
			String file = value.substring("jdbc:sqlite:".length());
			int query = file.indexOf('?');
			String path = query >= 0 ? file.substring(0, query) : file;
			return new DatabaseUrl(DatabaseKind.SQLITE, value, null, null, sqliteFile(path));
		}
		if (value.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(DatabaseKind.POSTGRESQL, value, null, null, Optional.empty());
		}
		if (value.startsWith("sqlite:")) {
			// sqlite:///relative/path.db has three slashes, sqlite:////absolute/path.db four
			String path = value.substring("sqlite:".length());
			if (path.startsWith("///")) {
				path = path.substring(3);
			}
			else if (path.startsWith("//")) {
				path = path.substring(2);
			}
			if (path.isBlank()) {
				throw new IllegalArgumentException("DATABASE_URL " + url + " names no file; use e.g. sqlite:///./data/app.db");
			}
			Optional<Path> file = sqliteFile(path);
			return new DatabaseUrl(DatabaseKind.SQLITE, "jdbc:sqlite:" + file.map(Path::toString).orElse(path), null,
					null, file);
		}
		if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
			URI uri = URI.create(value);
			String username = null;
			String password = null;
			if (uri.getRawUserInfo() != null) {
				String[] parts = uri.getRawUserInfo().split(":", 2);
				username = decode(parts[0]);
				password = parts.length > 1 ? decode(parts[1]) : null;
			}
			String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
			String query = uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "";
			if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
				throw new IllegalArgumentException("DATABASE_URL names no PostgreSQL host and database; use e.g. "
						+ "postgresql://llmchat:password@localhost:5432/llmchat");
			}
			return new DatabaseUrl(DatabaseKind.POSTGRESQL,
					"jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, username, password,
					Optional.empty());
		}
		throw new IllegalArgumentException("DATABASE_URL " + redacted(url) + " is not supported; use "
				+ "sqlite:///./data/app.db, postgresql://user:pass@host:5432/db, or a jdbc:sqlite: or "
				+ "jdbc:postgresql: URL");
	}

	public boolean isSqlite() {
		return this.kind == DatabaseKind.SQLITE;
	}

	/** The URL without a password, for messages and logs. */
	public static String redacted(String url) {
		return url.replaceAll("//[^/@]*@", "//");
	}

	private static Optional<Path> sqliteFile(String path) {
		if (path.isBlank() || path.equals(":memory:") || path.startsWith("file::memory:")) {
			return Optional.empty();
		}
		String plain = path.startsWith("file:") ? path.substring("file:".length()) : path;
		return Optional.of(Path.of(plain).toAbsolutePath().normalize());
	}

	/** Percent-decoding as in a URL's user part: a {@code +} stays a plus sign (it is a space only in forms). */
	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
