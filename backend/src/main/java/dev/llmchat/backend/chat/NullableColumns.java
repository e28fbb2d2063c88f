package dev.llmchat.backend.chat;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a nullable number column of a JDBC row as null rather than as 0. */
final class NullableColumns {

	private NullableColumns() {
	}

	static Double nullableDouble(ResultSet row, int column) throws SQLException {
		double value = row.getDouble(column);
		return row.wasNull() ? null : value;
	}

	static Long nullableLong(ResultSet row, int column) throws SQLException {
		long value = row.getLong(column);
		return row.wasNull() ? null : value;
	}

	static Integer nullableInt(ResultSet row, int column) throws SQLException {
		int value = row.getInt(column);
		return row.wasNull() ? null : value;
	}

}
