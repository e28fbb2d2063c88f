package dev.llmchat.backend.system;

import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Hands out the writing pool's connections, or the reading pool's for a read-only transaction: the connection is
 * fetched lazily, once the transaction has said whether it only reads. The read-only flag is never passed on to a
 * connection (the reading pool's connections are read-only by their own setting), which SQLite's driver would
 * refuse once a connection is open. Closing it closes both pools.
 */
public class RoutingDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {

	private final HikariDataSource writer;

	private final HikariDataSource readers;

	RoutingDataSource(HikariDataSource writer, HikariDataSource readers) {
		super(writer);
		this.writer = writer;
		this.readers = readers;
		if (readers != null) {
			setReadOnlyDataSource(readers);
		}
	}

	/** The writing pool, and the reading one where there is one. */
	Stream<HikariDataSource> pools() {
		return (this.readers != null) ? Stream.of(this.writer, this.readers) : Stream.of(this.writer);
	}

	@Override
	public void close() {
		if (this.readers != null) {
			this.readers.close();
		}
		this.writer.close();
	}

}
