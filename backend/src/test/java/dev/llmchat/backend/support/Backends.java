package dev.llmchat.backend.support;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.llmchat.backend.BackendApplication;

/**
 * Whole backends that a test starts itself, each in a context of its own on a random port of 127.0.0.1, with the
 * settings of {@link BackendTest}: for a test that runs several at once, or one on a database it made.
 */
public final class Backends {

	private Backends() {
	}

	/** Starts a backend on the database and the model server given; the test closes it. */
	public static ConfigurableApplicationContext start(String databaseUrl, Object modelServerUrl) {
		return new SpringApplicationBuilder(BackendApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--management.server.port=0", "--llmchat.database.url=" + databaseUrl,
				"--llmchat.llm.base-url=" + modelServerUrl, "--llmchat.auth.secret-key=" + BackendTest.SECRET,
				"--llmchat.generation.flush-interval=200ms", "--llmchat.generation.per-user-per-minute=1000",
				"--llmchat.auth.max-failures-per-address=100000", "--llmchat.llm.health-cache=200ms");
	}

	/** A client of a backend this class started. */
	public static ApiClient client(ConfigurableApplicationContext backend) {
		return new ApiClient(Integer.parseInt(backend.getEnvironment().getRequiredProperty("local.server.port")));
	}

}
