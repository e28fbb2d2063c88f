package dev.llmchat.backend.cluster;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.llmchat.backend.system.DatabaseKind;
import dev.llmchat.backend.system.DatabaseUrl;

/**
 * Whether this backend shares its database with other replicas, and how they talk: the one place that decides it,
 * from {@code DATABASE_URL}. SQLite is one process's; PostgreSQL may serve any number of replicas.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

	@Bean
	Replica replica(DatabaseUrl database) {
		return Replica.start(database.kind() == DatabaseKind.POSTGRESQL);
	}

	@Bean
	ClusterBus clusterBus(Replica replica, DatabaseUrl database, JdbcTemplate jdbc) {
		return replica.shared() ? new PostgresBus(replica, database, jdbc) : new LocalBus(replica);
	}

	/** Used only where {@link Replica#shared()}: alone, a backend counts in its memory. */
	@Bean
	SharedCounts sharedCounts(JdbcTemplate jdbc, Clock clock) {
		return new SharedCounts(jdbc, clock);
	}

}
