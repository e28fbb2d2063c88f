package dev.llmchat.backend.copy;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Copies every table that the SQLite source and the PostgreSQL target both have, except Flyway's history, in one
 * transaction of the target: all of it or nothing. The target must be empty. Tables are filled in the order of their
 * foreign keys (users before chats before messages), each in the order of its primary key, in batches; every column
 * keeps its value as it is (ids, and times in epoch milliseconds, in both). Answers the source still shows as
 * streaming were being written by a backend that did not stop: nothing generates them now, so they arrive
 * interrupted, with no owner or lease, as a backend marks them when it starts. Then each identity sequence continues
 * after the largest id it could have handed out in SQLite (which never reuses the id of a deleted row either).
 * <p>
 * What the source has and the target's schema does not, a table or a column with data in it, stops the copy: it would
 * otherwise be lost without a word.
 */
final class DatabaseCopy {

	private static final int BATCH_ROWS = 500;

	private final Connection source;

	private final Connection target;

	DatabaseCopy(Connection source, Connection target) {
		this.source = source;
		this.target = target;
	}

	/** One table of the target: its columns, primary key, identity columns and the tables its foreign keys name. */
	private record Table(String name, List<String> columns, List<String> key, List<String> identities,
			Set<String> references) {

	}

	/** What was copied: the rows of each table in the order filled, and the next id of each identity. */
	record Report(Map<String, Long> rows, Map<String, Long> nextIds, int interruptedAnswers) {

	}

	Report run() throws SQLException {
		this.target.setAutoCommit(false);
		try {
			List<Table> tables = targetTables();
			Map<String, List<String>> sourceTables = pairs(this.source, """
					select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p
					where m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\' and m.name <> 'flyway_schema_history'
					order by m.name, p.cid""");
			lock(tables);
			requireEmpty(tables);
			requireKnown(sourceTables, tables);
			Map<String, Long> rows = new LinkedHashMap<>();
			for (Table table : tables) {
				if (sourceTables.containsKey(table.name())) {
					rows.put(table.name(), copy(table, sourceTables.get(table.name())));
				}
			}
			int interrupted = interruptStreamingAnswers();
			Map<String, Long> nextIds = continueIdentities(tables);
			this.target.commit();
			return new Report(rows, nextIds, interrupted);
		}
		catch (SQLException | RuntimeException ex) {
			this.target.rollback();
			throw ex;
		}
	}

	/**
	 * The target's tables, each after the tables its foreign keys name; without those that hold what the replicas
	 * share rather than the users' data (counts, the generated signing key), which a backend started on the target
	 * before the copy may have written and which SQLite never fills.
	 */
	private List<Table> targetTables() throws SQLException {
		Map<String, List<String>> columns = pairs(this.target, """
				select c.table_name, c.column_name from information_schema.columns c
				join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
				where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'
				  and t.table_name not in ('flyway_schema_history', 'counted_events', 'settings')
				order by c.table_name, c.ordinal_position""");
		Map<String, List<String>> keys = pairs(this.target, """
				select c.table_name, k.column_name from information_schema.table_constraints c
				join information_schema.key_column_usage k
				  on k.constraint_schema = c.constraint_schema and k.constraint_name = c.constraint_name
				where c.table_schema = current_schema() and c.constraint_type = 'PRIMARY KEY'
				order by c.table_name, k.ordinal_position""");
		Map<String, List<String>> identities = pairs(this.target, """
				select table_name, column_name from information_schema.columns
				where table_schema = current_schema() and is_identity = 'YES'""");
		Map<String, List<String>> references = pairs(this.target, """
				select f.table_name, p.table_name from information_schema.referential_constraints r
				join information_schema.table_constraints f
				  on f.constraint_schema = r.constraint_schema and f.constraint_name = r.constraint_name
				join information_schema.table_constraints p
				  on p.constraint_schema = r.unique_constraint_schema and p.constraint_name = r.unique_constraint_name
				where f.table_schema = current_schema()""");
		List<Table> waiting = new ArrayList<>();
		columns.forEach((name, names) -> waiting.add(new Table(name, names, keys.getOrDefault(name, List.of()),
				identities.getOrDefault(name, List.of()), new HashSet<>(references.getOrDefault(name, List.of())))));
		List<Table> ordered = new ArrayList<>();
		Set<String> placed = new HashSet<>();
		while (!waiting.isEmpty()) {
			Table next = waiting.stream()
				.filter(table -> table.references().stream().allMatch(name -> name.equals(table.name()) || placed.contains(name)))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("The foreign keys of the tables " + waiting.stream()
					.map(Table::name)
					.toList() + " form a cycle, so they cannot be filled one after the other."));
			waiting.remove(next);
			placed.add(next.name());
			ordered.add(next);
		}
		return ordered;
	}

	/** Keeps anyone else from writing to the target until the copy commits (a backend started on it too early). */
	private void lock(List<Table> tables) throws SQLException {
		try (Statement statement = this.target.createStatement()) {
			statement.execute("lock table " + tables.stream().map(table -> quoted(table.name()))
				.collect(Collectors.joining(", ")) + " in exclusive mode");
		}
	}

	private void requireEmpty(List<Table> tables) throws SQLException {
		for (Table table : tables) {
			try (Statement statement = this.target.createStatement();
					ResultSet any = statement.executeQuery("select exists (select 1 from " + quoted(table.name()) + ")")) {
				any.next();
				if (any.getBoolean(1)) {
					throw new CopyRefusedException("The PostgreSQL table " + table.name() + " already has rows, and the "
							+ "copy only fills an empty database: create a new one (for example: createdb llmchat) and "
							+ "name it in DATABASE_URL.");
				}
			}
		}
	}

	/** Refuses to leave behind a table or a column of the source that the target does not have, when it has data. */
	private void requireKnown(Map<String, List<String>> sourceTables, List<Table> tables) throws SQLException {
		Map<String, Table> known = tables.stream().collect(Collectors.toMap(Table::name, table -> table));
		for (Map.Entry<String, List<String>> table : sourceTables.entrySet()) {
			Table target = known.get(table.getKey());
			if (target == null) {
				long rows = count(table.getKey(), null);
				if (rows > 0) {
					throw new CopyRefusedException("The SQLite table " + table.getKey() + " has " + rows + " rows, and "
							+ "this release's PostgreSQL schema has no such table: nothing was copied (if its data is not "
							+ "needed, drop the table in a copy of the file and copy that).");
				}
				continue;
			}
			for (String column : table.getValue()) {
				if (!target.columns().contains(column) && count(table.getKey(), column) > 0) {
					throw new CopyRefusedException("The SQLite column " + table.getKey() + "." + column + " has values, "
							+ "and this release's PostgreSQL schema has no such column: nothing was copied (if its data "
							+ "is not needed, drop the column in a copy of the file and copy that).");
				}
			}
		}
	}

	/** The source table's rows, or with a column, the rows that have a value in it. */
	private long count(String table, String column) throws SQLException {
		try (Statement statement = this.source.createStatement();
				ResultSet count = statement.executeQuery("select count(" + ((column != null) ? quoted(column) : "*")
						+ ") from " + quoted(table))) {
			count.next();
			return count.getLong(1);
		}
	}

	/** Copies a table's rows in the order of its primary key, every value as SQLite holds it. */
	private long copy(Table table, List<String> sourceColumns) throws SQLException {
		List<String> columns = table.columns().stream().filter(sourceColumns::contains).toList();
		String names = columns.stream().map(DatabaseCopy::quoted).collect(Collectors.joining(", "));
		List<String> key = table.key().isEmpty() ? List.of("rowid") : table.key();
		String order = key.stream().map(DatabaseCopy::quoted).collect(Collectors.joining(", "));
		long rows = 0;
		try (Statement read = this.source.createStatement();
				ResultSet from = read.executeQuery("select " + names + " from " + quoted(table.name()) + " order by " + order);
				PreparedStatement insert = this.target.prepareStatement("insert into " + quoted(table.name()) + " ("
						+ names + ") values (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")")) {
			while (from.next()) {
				for (int column = 1; column <= columns.size(); column++) {
					insert.setObject(column, from.getObject(column));
				}
				insert.addBatch();
				rows++;
				if (rows % BATCH_ROWS == 0) {
					insertBatch(insert, table.name(), key, rows);
				}
			}
			if (rows % BATCH_ROWS != 0) {
				insertBatch(insert, table.name(), key, rows);
			}
		}
		return rows;
	}

	private static void insertBatch(PreparedStatement insert, String table, List<String> key, long rows)
			throws SQLException {
		try {
			insert.executeBatch();
		}
		catch (BatchUpdateException ex) {
			// the batch's own message repeats the statement with its values: passwords' hashes and whole answers
			SQLException cause = (ex.getNextException() != null) ? ex.getNextException() : ex;
			long first = ((rows - 1) / BATCH_ROWS) * BATCH_ROWS + 1;
			throw new SQLException("PostgreSQL refused one of the rows " + first + " to " + rows + " of the table "
					+ table + " (in " + String.join(", ", key) + " order): " + cause.getMessage(),
					cause.getSQLState(), ex);
		}
	}

	private int interruptStreamingAnswers() throws SQLException {
		try (Statement statement = this.target.createStatement()) {
			return statement.executeUpdate("update messages set status = 'interrupted', finish_reason = 'interrupted', "
					+ "owner = null, lease_until = null where status = 'streaming'");
		}
	}

	/**
	 * Sets each identity sequence after the largest id of its table, or after the largest id SQLite ever handed out
	 * for it ({@code sqlite_sequence}, which keeps counting past deleted rows), whichever is larger.
	 */
	private Map<String, Long> continueIdentities(List<Table> tables) throws SQLException {
		Map<String, Long> handedOut = new LinkedHashMap<>();
		try (Statement statement = this.source.createStatement();
				ResultSet sequences = statement.executeQuery("select name, seq from sqlite_sequence")) {
			while (sequences.next()) {
				handedOut.put(sequences.getString(1), sequences.getLong(2));
			}
		}
		Map<String, Long> nextIds = new LinkedHashMap<>();
		for (Table table : tables) {
			for (String column : table.identities()) {
				long largest;
				try (Statement statement = this.target.createStatement();
						ResultSet max = statement.executeQuery(
								"select coalesce(max(" + quoted(column) + "), 0) from " + quoted(table.name()))) {
					max.next();
					largest = Math.max(max.getLong(1), handedOut.getOrDefault(table.name(), 0L));
				}
				try (PreparedStatement next = this.target
					.prepareStatement("select setval(pg_get_serial_sequence(?, ?), ?, false)")) {
					next.setString(1, quoted(table.name()));
					next.setString(2, column);
					next.setLong(3, largest + 1);
					next.execute();
				}
				nextIds.put(table.name(), largest + 1);
			}
		}
		return nextIds;
	}

	/** The rows of a two-column query, the second column's values grouped by the first's, in the query's order. */
	private static Map<String, List<String>> pairs(Connection connection, String sql) throws SQLException {
		Map<String, List<String>> pairs = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				pairs.computeIfAbsent(rows.getString(1), key -> new ArrayList<>()).add(rows.getString(2));
			}
		}
		return pairs;
	}

	private static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
