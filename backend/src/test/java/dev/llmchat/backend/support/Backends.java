package dev.llmchat.backend.support;

import java.util.ArrayList;
import java.util.List;

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
		return start(databaseUrl, modelServerUrl, "--llmchat.auth.secret-key=" + BackendTest.SECRET,
				"--llmchat.generation.per-user-per-minute=1000", "--llmchat.auth.max-failures-per-address=100000");
	}

	/**
	 * Starts a backend on the database and the model server given, with {@code settings} (command-line arguments)
	 * instead of the test key and the generous limits: without a secret key it finds or generates one as a
	 * deployment does. The test closes it.
	 */
	public static ConfigurableApplicationContext start(String databaseUrl, Object modelServerUrl, String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--llmchat.database.url=" + databaseUrl, "--llmchat.llm.base-url=" + modelServerUrl,
				"--llmchat.generation.flush-interval=200ms", "--llmchat.llm.health-cache=200ms"));
		arguments.addAll(List.of(settings));
		return new SpringApplicationBuilder(BackendApplication.class).run(arguments.toArray(String[]::new));
	}

	/** A client of a backend this class started. */
	public static ApiClient client(ConfigurableApplicationContext backend) {
		return new ApiClient(Integer.parseInt(backend.getEnvironment().getRequiredProperty("local.server.port")));
	}

}
