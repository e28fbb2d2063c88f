package dev.llmchat.backend.generation;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.llmchat.backend.cluster.Replica;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.backend.system.DatabaseKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running answer belongs to the replica that generates it for as long as it renews its lease: the others end it,
 * keeping its text, only once the lease ran out. A backend alone on SQLite ends every answer left streaming before
 * it serves its first request.
 */
class AnswerLeasesTests extends BackendTest {

	@Autowired
	GenerationService generations;

	@Autowired
	Replica replica;

	@Test
	void theDatabaseDecidesWhetherThisBackendShareIt() {
		assertThat(this.replica.shared()).isEqualTo(DATABASE == DatabaseKind.POSTGRESQL);
		assertThat(this.replica.id()).matches("[0-9a-f]{12}");
	}

	@Test
	void anAnswerWhoseOwnerStoppedRenewingIsEndedKeepingItsTextAndALiveOnesIsNot() {
		String token = this.api.newUser();
		long abandoned = this.api.newChat(token, Map.of());
		long alive = this.api.newChat(token, Map.of());
		long now = System.currentTimeMillis();
		long abandonedAnswer = streamingAnswer(abandoned, "another replica", now - 1, "half an answ");
		long liveAnswer = streamingAnswer(alive, "another replica", now + Duration.ofMinutes(1).toMillis(), "going on");

		this.generations.interruptAbandoned();

		assertThat(this.jdbc.queryForMap("select status, content from messages where id = ?", abandonedAnswer))
			.containsEntry("status", "interrupted")
			.containsEntry("content", "half an answ");
		assertThat(this.jdbc.queryForObject("select status from messages where id = ?", String.class, liveAnswer))
			.isEqualTo("streaming");
		// the live one still holds its chat: no second answer there, on any replica
		assertThat(this.api.post("/generate", token, Map.of("chat_id", alive, "prompt", "again")).status())
			.isEqualTo(409);
		this.jdbc.update("update messages set status = 'interrupted' where id = ?", liveAnswer);
	}

	@Test
	void aBackendAloneOnSqliteEndsEveryAnswerLeftStreamingBeforeItServes() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		long left = streamingAnswer(chat, "a crashed process", System.currentTimeMillis() + 60_000, "half");

		this.generations.afterSingletonsInstantiated();

		String expected = (DATABASE == DatabaseKind.SQLITE) ? "interrupted" : "streaming";
		assertThat(this.jdbc.queryForObject("select status from messages where id = ?", String.class, left))
			.isEqualTo(expected);
		this.jdbc.update("update messages set status = 'interrupted' where id = ?", left);
	}

	@Test
	void aReplicaRenewsTheLeasesOfTheAnswersItGenerates() throws Exception {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		try (var stream = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "A long one [[sim:tokens=400]]", "stream", true), null)) {
			assertThat(stream.status()).isEqualTo(200);
			Map<String, Object> before = this.jdbc.queryForMap(
					"select owner, lease_until from messages where chat_id = ? and status = 'streaming'", chat);
			assertThat(before.get("owner")).isEqualTo(this.replica.id());
			Thread.sleep(20);
			this.generations.renewLeases();
			long renewed = this.jdbc.queryForObject(
					"select lease_until from messages where chat_id = ? and status = 'streaming'", Long.class, chat);
			assertThat(renewed).isGreaterThan(((Number) before.get("lease_until")).longValue());
			this.api.post("/chats/" + chat + "/generation/stop", token, null);
		}
	}

	private long streamingAnswer(long chat, String owner, long leaseUntil, String text) {
		return this.jdbc.queryForObject("insert into messages (chat_id, role, content, status, created_at, owner, "
				+ "lease_until) values (?, 'assistant', ?, 'streaming', 0, ?, ?) returning id", Long.class, chat, text,
				owner, leaseUntil);
	}

}
