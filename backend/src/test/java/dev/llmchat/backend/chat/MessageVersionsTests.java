package dev.llmchat.backend.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Event;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import dev.llmchat.simulator.ChatMessage;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Editing a question or regenerating an answer keeps the earlier versions; the chat shows one branch of them, the
 * model is sent exactly that branch, and switching to another version shows the conversation that followed it.
 */
class MessageVersionsTests extends BackendTest {

	private static final ChatMessage SYSTEM = new ChatMessage("system", "You are a helpful assistant.");

	@Test
	void editingAQuestionAddsAVersionAndTheModelIsSentOnlyTheBranchBeforeIt() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, chat, "first question");
		ask(token, chat, "second question");
		List<JsonNode> before = shown(token, chat);

		Response edited = this.api.post(messagePath(chat, before.get(2), "edit"), token,
				Map.of("content", "second question, edited"));

		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		assertThat(edited.json().path("prompt").asString()).isEqualTo("second question, edited");
		assertThat(sentToTheModel()).containsExactly(SYSTEM, new ChatMessage("user", "first question"),
				new ChatMessage("assistant", before.get(1).path("content").asString()),
				new ChatMessage("user", "second question, edited"));
		List<JsonNode> after = shown(token, chat);
		assertThat(after).extracting(message -> message.path("content").asString())
			.startsWith("first question", before.get(1).path("content").asString(), "second question, edited")
			.hasSize(4);
		JsonNode question = after.get(2);
		assertThat(question.path("parent_id").asLong()).isEqualTo(before.get(1).path("id").asLong());
		assertThat(question.path("version").asInt()).isEqualTo(2);
		assertThat(question.path("versions").asInt()).isEqualTo(2);
		assertThat(ids(question.path("version_ids"))).containsExactly(before.get(2).path("id").asLong(),
				question.path("id").asLong());
		assertThat(after.get(3).path("parent_id").asLong()).isEqualTo(question.path("id").asLong());
		assertThat(after.get(3).path("id").asLong()).isEqualTo(edited.json().path("message").path("id").asLong());
		assertThat(after.get(3).path("versions").asInt()).isEqualTo(1);
		assertThat(this.api.get("/chats/" + chat, token).json().path("message_count").asInt()).isEqualTo(6);
	}

	@Test
	void editingTheFirstQuestionStartsAConversationWithNoHistory() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, chat, "hello");
		ask(token, chat, "and then");
		JsonNode first = shown(token, chat).get(0);

		assertThat(this.api.post(messagePath(chat, first, "edit"), token, Map.of("content", "hello again")).status())
			.isEqualTo(200);

		assertThat(sentToTheModel()).containsExactly(SYSTEM, new ChatMessage("user", "hello again"));
		List<JsonNode> shown = shown(token, chat);
		assertThat(shown).hasSize(2);
		assertThat(shown.get(0).path("parent_id").isNull()).isTrue();
		assertThat(shown.get(0).path("version").asInt()).isEqualTo(2);
		assertThat(ids(shown.get(0).path("version_ids"))).containsExactly(first.path("id").asLong(),
				shown.get(0).path("id").asLong());
	}

	@Test
	void regeneratingAnAnswerAsksTheSameQuestionAgainAndStreamsLikeGenerate() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, chat, "first question");
		ask(token, chat, "second question");
		List<JsonNode> before = shown(token, chat);

		List<Event> events;
		try (EventStream stream = this.api.openStream("POST", messagePath(chat, before.get(3), "regenerate"), token,
				Map.of("stream", true), null)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");
			events = stream.readAll();
		}

		assertThat(events).extracting(Event::type).startsWith("start").endsWith("done");
		assertThat(sentToTheModel()).containsExactly(SYSTEM, new ChatMessage("user", "first question"),
				new ChatMessage("assistant", before.get(1).path("content").asString()),
				new ChatMessage("user", "second question"));
		List<JsonNode> after = shown(token, chat);
		assertThat(after).hasSize(4);
		assertThat(after.get(2).path("id").asLong()).isEqualTo(before.get(2).path("id").asLong());
		JsonNode answer = after.get(3);
		assertThat(answer.path("id").asLong()).isEqualTo(events.get(0).data().path("message_id").asLong());
		assertThat(answer.path("content").asString()).isEqualTo(ApiClient.text(events));
		assertThat(answer.path("parent_id").asLong()).isEqualTo(before.get(2).path("id").asLong());
		assertThat(answer.path("version").asInt()).isEqualTo(2);
		assertThat(ids(answer.path("version_ids"))).containsExactly(before.get(3).path("id").asLong(),
				answer.path("id").asLong());
	}

	@Test
	void versionsAreNumberedInTheOrderTheyWereWrittenAndTheJsonAnswerTellsItsOwn() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, chat, "a question");
		JsonNode first = shown(token, chat).get(1);

		Response second = this.api.post(messagePath(chat, first, "regenerate"), token, null);
		Response third = this.api.post(messagePath(chat, first, "regenerate"), token, Map.of("options", Map.of("max_tokens", 5)));

		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().path("prompt").asString()).isEqualTo("a question");
		assertThat(second.json().path("message").path("version").asInt()).isEqualTo(2);
		assertThat(third.json().path("message").path("version").asInt()).isEqualTo(3);
		assertThat(third.json().path("message").path("versions").asInt()).isEqualTo(3);
		assertThat(third.json().path("message").path("completion_tokens").asInt()).isEqualTo(5);
		JsonNode shownAnswer = shown(token, chat).get(1);
		assertThat(shownAnswer.path("version").asInt()).isEqualTo(3);
		assertThat(ids(shownAnswer.path("version_ids"))).containsExactly(first.path("id").asLong(),
				second.json().path("message").path("id").asLong(), third.json().path("message").path("id").asLong());

		Response switched = this.api.put("/chats/" + chat + "/branch", token, Map.of("message_id", first.path("id").asLong()));

		assertThat(switched.status()).as(switched.body()).isEqualTo(200);
		JsonNode answer = switched.json().path("messages").get(1);
		assertThat(answer.path("id").asLong()).isEqualTo(first.path("id").asLong());
		assertThat(answer.path("version").asInt()).isEqualTo(1);
		assertThat(answer.path("versions").asInt()).isEqualTo(3);
	}

	@Test
	void switchingToAnEarlierVersionShowsTheConversationThatFollowedItAndNewQuestionsContinueIt() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, chat, "one");
		ask(token, chat, "two");
		ask(token, chat, "three");
		List<JsonNode> original = shown(token, chat);
		this.api.post(messagePath(chat, original.get(2), "edit"), token, Map.of("content", "two, again"));

		Response back = this.api.put("/chats/" + chat + "/branch", token,
				Map.of("message_id", original.get(2).path("id").asLong()));

		assertThat(back.status()).as(back.body()).isEqualTo(200);
		assertThat(back.json().path("messages")).extracting(message -> message.path("id").asLong())
			.containsExactlyElementsOf(original.stream().map(message -> message.path("id").asLong()).toList());
		assertThat(shown(token, chat)).extracting(message -> message.path("id").asLong())
			.containsExactlyElementsOf(original.stream().map(message -> message.path("id").asLong()).toList());

		ask(token, chat, "four");
		List<ChatMessage> sent = sentToTheModel();
		assertThat(sent).extracting(ChatMessage::content)
			.containsExactly(SYSTEM.content(), "one", original.get(1).path("content").asString(), "two",
					original.get(3).path("content").asString(), "three", original.get(5).path("content").asString(),
					"four");

		Response newest = this.api.put("/chats/" + chat + "/branch", token,
				Map.of("message_id", original.get(1).path("id").asLong()));
		assertThat(newest.json().path("messages")).extracting(message -> message.path("content").asString())
			.hasSize(4)
			.contains("two, again");
	}

	@Test
	void noVersionIsAddedOrShownWhileAnAnswerRuns() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		ask(token, chat, "first");
		List<JsonNode> before = shown(token, chat);
		try (EventStream running = this.api.openStream("POST", "/generate", token,
				Map.of("chat_id", chat, "prompt", "a long one [[sim:tokens=3000]]", "stream", true), null)) {
			running.readUntil("token");

			List<Response> refused = List.of(
					this.api.post(messagePath(chat, before.get(0), "edit"), token, Map.of("content", "changed")),
					this.api.post(messagePath(chat, before.get(1), "regenerate"), token, null),
					this.api.put("/chats/" + chat + "/branch", token, Map.of("message_id", before.get(1).path("id").asLong())));

			for (Response response : refused) {
				assertThat(response.status()).as(response.body()).isEqualTo(409);
				assertThat(response.json().path("detail").asString()).contains("already being generated");
			}
			this.api.post("/chats/" + chat + "/generation/stop", token, null);
		}
		assertThat(this.api.get("/chats/" + chat, token).json().path("message_count").asInt()).isEqualTo(4);
	}

	@Test
	void onlyQuestionsAreEditedOnlyAnswersRegeneratedAndOnlyMessagesOfTheChatNamed() {
		String token = this.api.newUser();
		long chat = this.api.newChat(token, Map.of());
		long other = this.api.newChat(token, Map.of());
		ask(token, chat, "question");
		ask(token, other, "elsewhere");
		List<JsonNode> shown = shown(token, chat);
		JsonNode elsewhere = shown(token, other).get(0);

		assertThat(this.api.post(messagePath(chat, shown.get(1), "edit"), token, Map.of("content", "x")).status())
			.isEqualTo(422);
		assertThat(this.api.post(messagePath(chat, shown.get(0), "regenerate"), token, null).status()).isEqualTo(422);
		assertThat(this.api.post(messagePath(chat, shown.get(0), "edit"), token, Map.of("content", "  ")).status())
			.isEqualTo(422);
		assertThat(this.api.post(messagePath(chat, shown.get(0), "edit"), token, Map.of()).status()).isEqualTo(422);
		assertThat(this.api.post(messagePath(chat, elsewhere, "edit"), token, Map.of("content", "x")).status())
			.isEqualTo(404);
		assertThat(this.api.post("/chats/" + chat + "/messages/999999999/regenerate", token, null).status())
			.isEqualTo(404);
		assertThat(this.api.put("/chats/" + chat + "/branch", token, Map.of("message_id", elsewhere.path("id").asLong()))
			.status()).isEqualTo(404);
		assertThat(this.api.put("/chats/" + chat + "/branch", token, Map.of()).status()).isEqualTo(422);
		assertThat(shown(token, chat)).isEqualTo(shown);
		assertThat(this.api.get("/chats/" + chat, token).json().path("message_count").asInt()).isEqualTo(2);
	}

	private void ask(String token, long chat, String prompt) {
		Response answer = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", prompt));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	private List<JsonNode> shown(String token, long chat) {
		List<JsonNode> messages = new ArrayList<>();
		this.api.get("/chats/" + chat + "/messages", token).json().forEach(messages::add);
		return messages;
	}

	private static String messagePath(long chat, JsonNode message, String action) {
		return "/chats/" + chat + "/messages/" + message.path("id").asLong() + "/" + action;
	}

	private static List<ChatMessage> sentToTheModel() {
		return simulator.receivedRequests().getLast().messages();
	}

	private static List<Long> ids(JsonNode array) {
		List<Long> ids = new ArrayList<>();
		array.forEach(id -> ids.add(id.asLong()));
		return ids;
	}

}
