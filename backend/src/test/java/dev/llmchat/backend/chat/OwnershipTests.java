package dev.llmchat.backend.chat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route that takes a chat id answers 404 for another user's chat and changes nothing of it. */
class OwnershipTests extends BackendTest {

	@Test
	void everyIdRouteAnswers404ForAnotherUsersChatAndLeavesItUntouched() {
		String owner = this.api.newUser();
		String intruder = this.api.newUser();
		long chat = this.api.newChat(owner, Map.of("title", "private", "system_prompt", "secret"));
		this.api.post("/generate", owner, Map.of("chat_id", chat, "prompt", "my secret question"));
		String before = this.api.get("/chats/" + chat, owner).body();
		long question = this.api.get("/chats/" + chat + "/messages", owner).json().get(0).path("id").asLong();
		long ownersAnswer = this.api.get("/chats/" + chat + "/messages", owner).json().get(1).path("id").asLong();
		long intruderChat = this.api.newChat(intruder, Map.of("title", "intruder's"));
		this.api.post("/generate", intruder, Map.of("chat_id", intruderChat, "prompt", "mine"));

		try (EventStream running = this.api.openStream("POST", "/generate", owner,
				Map.of("chat_id", chat, "prompt", "a long answer [[sim:tokens=3000]]", "stream", true), null)) {
			running.readUntil("token");
			List<Response> answers = List.of(this.api.get("/chats/" + chat, intruder),
					this.api.get("/chats/" + chat + "/messages", intruder),
					this.api.patch("/chats/" + chat, intruder, Map.of("title", "mine now")),
					this.api.delete("/chats/" + chat, intruder),
					this.api.get("/chats/" + chat + "/generation", intruder),
					this.api.post("/chats/" + chat + "/generation/stop", intruder, null),
					this.api.post("/generate", intruder, Map.of("chat_id", chat, "prompt", "let me in")),
					this.api.post("/generate", intruder, Map.of("chat_id", chat, "prompt", "let me in", "stream", true)),
					this.api.get("/chats?before=" + chat, intruder),
					this.api.post("/chats/" + chat + "/messages/" + question + "/edit", intruder, Map.of("content", "x")),
					this.api.post("/chats/" + chat + "/messages/" + ownersAnswer + "/regenerate", intruder, null),
					this.api.put("/chats/" + chat + "/branch", intruder, Map.of("message_id", question)),
					// the owner's messages named from a chat of the intruder's own
					this.api.post("/chats/" + intruderChat + "/messages/" + question + "/edit", intruder,
							Map.of("content", "x")),
					this.api.post("/chats/" + intruderChat + "/messages/" + ownersAnswer + "/regenerate", intruder, null),
					this.api.put("/chats/" + intruderChat + "/branch", intruder, Map.of("message_id", ownersAnswer)));
			for (Response answer : answers) {
				assertThat(answer.status()).as(answer.body()).isEqualTo(404);
				assertThat(answer.body()).doesNotContain("secret", "private");
			}
			assertThat(running.readUntil("token")).isNotEmpty();
			this.api.post("/chats/" + chat + "/generation/stop", owner, null);
		}
		Response after = this.api.get("/chats/" + chat, owner);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("title").asString()).isEqualTo("private");
		assertThat(after.json().path("messages").size()).isEqualTo(4);
		assertThat(after.json().path("messages").get(0).path("content").asString()).isEqualTo("my secret question");
		assertThat(before).contains("my secret question");
		assertThat(this.api.get("/chats", intruder).json().size()).isEqualTo(1);
		assertThat(this.api.get("/chats/" + intruderChat + "/messages", intruder).json().size()).isEqualTo(2);
	}

}
