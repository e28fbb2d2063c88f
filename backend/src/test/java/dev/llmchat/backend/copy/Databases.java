package dev.llmchat.backend.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the copy's tests read from a database or a file, the same way from SQLite and from PostgreSQL. */
final class Databases {

	private Databases() {
	}

	/** Every row of the users, chats and messages, by table, in id order, with integers as longs. */
	static Map<String, List<Map<String, Object>>> rows(String jdbcUrl) throws SQLException {
		Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl);
				Statement statement = connection.createStatement()) {
			for (String table : List.of("users", "chats", "messages")) {
				List<Map<String, Object>> rows = new ArrayList<>();
				try (ResultSet result = statement.executeQuery("select * from " + table + " order by id")) {
					ResultSetMetaData columns = result.getMetaData();
					while (result.next()) {
						Map<String, Object> row = new LinkedHashMap<>();
						for (int column = 1; column <= columns.getColumnCount(); column++) {
							Object value = result.getObject(column);
							row.put(columns.getColumnName(column),
									(value instanceof Integer number) ? Long.valueOf(number) : value);
						}
						rows.add(row);
					}
				}
				tables.put(table, rows);
			}
		}
		return tables;
	}

	/** {@code select count(*) from FROM}: FROM is a table, with a where clause if need be. */
	static long count(String jdbcUrl, String from) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl);
				Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("select count(*) from " + from)) {
			count.next();
			return count.getLong(1);
		}
	}

	static String checksum(Path file) throws IOException, NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
	}

}
