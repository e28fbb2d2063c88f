package dev.llmchat.backend.auth;

import java.nio.file.Path;
import java.time.Clock;

import javax.crypto.SecretKey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.llmchat.backend.cluster.Replica;
import dev.llmchat.backend.cluster.SharedCounts;
import dev.llmchat.backend.system.AppProperties;
import dev.llmchat.backend.system.DatabaseUrl;

/**
 * What authentication keeps beside the users' rows, and where: in this process (and a key file) when the backend is
 * alone on SQLite, in the database when replicas share PostgreSQL, so that they sign with one key and count logins
 * together.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	@Bean
	LoginThrottle loginThrottle(Replica replica, SharedCounts counts, TransactionTemplate transactions,
			AuthProperties properties, Clock clock) {
		return replica.shared() ? new DatabaseLoginThrottle(counts, transactions, properties, clock)
				: new MemoryLoginThrottle(properties, clock);
	}

	@Bean
	SecretKey tokenSigningKey(Replica replica, AuthProperties properties, AppProperties app, DatabaseUrl database,
			JdbcTemplate jdbc) {
		return SigningKey.resolve(properties.secretKey(), () -> replica.shared() ? SigningKey.fromDatabase(jdbc)
				: SigningKey.fromFile(database.sqliteFile().map(Path::getParent).orElse(Path.of("data").toAbsolutePath())),
				app.debug());
	}

}
