package dev.llmchat.backend.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.llmchat.backend.auth.TokenService;
import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 people at once, each on a virtual thread of the test: register, log in, create a chat, rename it, stream an
 * answer, list their chats. One database takes it all (a SQLite file, and PostgreSQL in the second run): no request
 * fails, no "database is locked" (SQLITE_BUSY) or deadlock in any answer or log line, and every user, chat and
 * message is in the database afterwards.
 * <p>
 * Every fourth person logs in over HTTP; the others get their token from the token service, as a login would
 * give it. A login only reads the database, and its BCrypt comparison (about 70 ms of CPU) would otherwise double
 * the test's time without loading the database any further.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnderLoadTests extends BackendTest {

	private static final int USERS = 200;

	@Autowired
	TokenService tokens;

	@Test
	void twoHundredUsersRegisteringChattingAndGeneratingAtOnceLoseNothing(CapturedOutput output) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Long>> chats = new ArrayList<>();
		long start = System.nanoTime();
		try (ExecutorService people = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < USERS; i++) {
				String email = "load-" + run + "-" + i + "@example.com";
				boolean logsIn = i % 4 == 0;
				chats.add(people.submit(() -> {
					go.await();
					return onePerson(email, logsIn, errors);
				}));
			}
			go.countDown();
			people.shutdown();
			assertThat(people.awaitTermination(3, TimeUnit.MINUTES)).as("all 200 finished in time").isTrue();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.println(USERS + " people registering, chatting and generating at once took " + took);

		assertThat(errors).as("failed requests (of %d people, in %s)", USERS, took).isEmpty();
		assertThat(output.getAll()).doesNotContainIgnoringCase("database is locked")
			.doesNotContain("SQLITE_BUSY")
			.doesNotContainIgnoringCase("deadlock");
		String emails = "load-" + run + "-%";
		assertThat(count("select count(*) from users where email like ?", emails)).isEqualTo(USERS);
		assertThat(count("select count(*) from chats c join users u on u.id = c.user_id where u.email like ? "
				+ "and c.title like 'renamed %'", emails)).isEqualTo(USERS);
		assertThat(count("select count(*) from messages m join chats c on c.id = m.chat_id join users u on u.id = c.user_id "
				+ "where u.email like ? and m.role = 'user'", emails)).isEqualTo(USERS);
		assertThat(count("select count(*) from messages m join chats c on c.id = m.chat_id join users u on u.id = c.user_id "
				+ "where u.email like ? and m.role = 'assistant' and m.status = 'complete' and length(m.content) > 0",
				emails)).isEqualTo(USERS);
		for (Future<Long> chat : chats) {
			assertThat(chat.get()).isPositive();
		}
	}

	/** One person's visit; every failure is recorded, none thrown, so all of them are reported together. */
	private long onePerson(String email, boolean logsIn, ConcurrentLinkedQueue<String> errors) {
		String step = "register";
		try {
			ApiClient api = this.api;
			Response registered = api.post("/auth/register", null, Map.of("email", email, "password", "load-test-password"));
			if (!expect(registered, email, step, errors)) {
				return -1;
			}
			String token;
			if (logsIn) {
				step = "login";
				Response login = api.post("/auth/login", null, Map.of("email", email, "password", "load-test-password"));
				if (!expect(login, email, step, errors)) {
					return -1;
				}
				token = login.json().path("access_token").asString();
			}
			else {
				token = this.tokens.issue(registered.json().path("id").asLong()).accessToken();
			}
			step = "create chat";
			Response created = api.post("/chats", token, Map.of("title", "load"));
			if (!expect(created, email, "create chat", errors)) {
				return -1;
			}
			long chat = created.json().path("id").asLong();
			step = "rename";
			expect(api.patch("/chats/" + chat, token, Map.of("title", "renamed " + email)), email, "rename", errors);
			step = "generate";
			List<Event> events = api.generateStreaming(token, chat, "under load [[sim:tokens=20]]");
			if (!events.getLast().type().equals("done")) {
				errors.add(email + " generate: " + events.getLast().data());
			}
			step = "list";
			expect(api.get("/chats", token), email, step, errors);
			return chat;
		}
		catch (RuntimeException ex) {
			errors.add(email + " " + step + ": " + ex);
			return -1;
		}
	}

	private static boolean expect(Response response, String email, String step, ConcurrentLinkedQueue<String> errors) {
		if (response.status() != 200 || response.body().contains("locked") || response.body().contains("SQLITE_BUSY")) {
			errors.add(email + " " + step + ": " + response.status() + " " + response.body());
			return false;
		}
		return true;
	}

	private long count(String sql, Object... args) {
		return this.jdbc.queryForObject(sql, Long.class, args);
	}

}
