package dev.llmchat.backend.support;

import org.springframework.context.ConfigurableApplicationContext;

import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.testsupport.PostgresDatabase;

/**
 * Two backend replicas on a fresh PostgreSQL database of their own and one simulator, as behind a round-robin load
 * balancer: each in a context of its own on its own port. Closing it stops both, the simulator, and drops the
 * database; whatever had started by a failure is closed too.
 *
 * @param database the database both share
 * @param simulator the model server of both
 * @param first the first replica
 * @param second the second replica
 */
public record TwoReplicas(PostgresDatabase database, VllmSimulator simulator, ConfigurableApplicationContext first,
		ConfigurableApplicationContext second) implements AutoCloseable {

	/**
	 * Starts both on a database named after {@code name}, with the settings of {@link Backends#start(String, Object)}
	 * when {@code settings} is empty, or with {@code settings} (and then no test key) as
	 * {@link Backends#start(String, Object, String...)} has them.
	 */
	public static TwoReplicas start(String name, SimulatorConfig model, String... settings) {
		PostgresDatabase database = PostgresDatabase.create(name);
		VllmSimulator simulator = null;
		ConfigurableApplicationContext first = null;
		try {
			simulator = VllmSimulator.start(model);
			first = start(database, simulator, settings);
			return new TwoReplicas(database, simulator, first, start(database, simulator, settings));
		}
		catch (RuntimeException ex) {
			new TwoReplicas(database, simulator, first, null).close();
			throw ex;
		}
	}

	private static ConfigurableApplicationContext start(PostgresDatabase database, VllmSimulator simulator,
			String... settings) {
		return (settings.length == 0) ? Backends.start(database.url(), simulator.baseUrl())
				: Backends.start(database.url(), simulator.baseUrl(), settings);
	}

	public ApiClient onFirst() {
		return Backends.client(this.first);
	}

	public ApiClient onSecond() {
		return Backends.client(this.second);
	}

	@Override
	public void close() {
		for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] { this.first, this.second }) {
			if (replica != null) {
				replica.close();
			}
		}
		if (this.simulator != null) {
			this.simulator.close();
		}
		this.database.close();
	}

}
