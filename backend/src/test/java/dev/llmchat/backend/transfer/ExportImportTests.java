package dev.llmchat.backend.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.Response;
import dev.llmchat.backend.support.BackendTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Chats leave as JSON or Markdown and come back, with every version, setting, status and time, as new chats. */
class ExportImportTests extends BackendTest {

	/** Two chats in the llmchat-chats format, as the export writes them: a question asked twice, answered twice. */
	static final String TWO_CHATS = """
			{"format": "llmchat-chats", "version": 1, "exported_at": "2026-01-05T10:00:00Z", "chats": [
			  {"title": "Branches", "title_source": "model", "system_prompt": "Answer briefly.", "model": "m-1",
			   "temperature": 0.7, "top_p": 0.9, "max_tokens": 512, "created_at": "2026-01-02T03:04:05.678Z",
			   "updated_at": "2026-01-02T03:09:00.001Z", "current": 4, "messages": [
			    {"key": 1, "parent": null, "role": "user", "content": "First *try*", "status": "complete",
			     "model": null, "finish_reason": null, "error": null, "prompt_tokens": null,
			     "completion_tokens": null, "ttft_ms": null, "duration_ms": null,
			     "created_at": "2026-01-02T03:04:06.001Z"},
			    {"key": 2, "parent": 1, "role": "assistant", "content": "  Answer one, kept exactly  \\n", "status": "complete",
			     "model": "m-1", "finish_reason": "stop", "error": null, "prompt_tokens": 12,
			     "completion_tokens": 5, "ttft_ms": 40, "duration_ms": 300,
			     "created_at": "2026-01-02T03:04:07.002Z"},
			    {"key": 3, "parent": null, "role": "user", "content": "Second try, edited", "status": "complete",
			     "model": null, "finish_reason": null, "error": null, "prompt_tokens": null,
			     "completion_tokens": null, "ttft_ms": null, "duration_ms": null,
			     "created_at": "2026-01-02T03:05:00.003Z"},
			    {"key": 4, "parent": 3, "role": "assistant", "content": "Answer to the edit", "status": "interrupted",
			     "model": "m-1", "finish_reason": "interrupted", "error": null, "prompt_tokens": 14,
			     "completion_tokens": 3, "ttft_ms": 41, "duration_ms": 120,
			     "created_at": "2026-01-02T03:05:01.004Z"},
			    {"key": 5, "parent": 3, "role": "assistant", "content": "Regenerated, failed", "status": "error",
			     "model": "m-2", "finish_reason": "error", "error": "The model server answered 500.",
			     "prompt_tokens": null, "completion_tokens": null, "ttft_ms": null, "duration_ms": 10,
			     "created_at": "2026-01-02T03:06:00.005Z"}]},
			  {"title": "New chat", "title_source": "default", "system_prompt": null, "model": null,
			   "temperature": null, "top_p": null, "max_tokens": null, "created_at": "2026-01-03T00:00:00.100Z",
			   "updated_at": "2026-01-03T00:00:00.100Z", "current": null, "messages": []}]}
			""";

	@Test
	void exportImportExportGivesTheSameJsonButForTheTimeOfExport() {
		String first = this.api.newUser();
		long generated = this.api.newChat(first, Map.of("title", "made by /generate", "system_prompt", "Be kind."));
		this.api.post("/generate", first, Map.of("chat_id", generated, "prompt", "hello there"));
		assertThat(importFile(first, TWO_CHATS).status()).isEqualTo(200);
		JsonNode exported = exportAll(first);

		String second = this.api.newUser();
		Response imported = importFile(second, exported.toString());
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().path("imported").size()).isEqualTo(3);
		assertThat(imported.json().path("rejected").size()).isZero();
		JsonNode again = exportAll(second);

		assertThat(again.path("chats")).isEqualTo(exported.path("chats"));
		assertThat(again.path("format").asString()).isEqualTo("llmchat-chats");
		assertThat(again.path("version").asInt()).isEqualTo(1);
		assertThat(exported.path("chats").get(0).path("messages").size()).isEqualTo(2);
		assertThat(exported.path("chats").get(0).path("messages").get(0).path("content").asString())
			.isEqualTo("hello there");
	}

	@Test
	void importedChatsKeepEveryVersionSettingStatusAndTimeAsTheFileHasThem() {
		String token = this.api.newUser();
		Response imported = importFile(token, TWO_CHATS);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().path("imported").get(0).path("title").asString()).isEqualTo("Branches");
		assertThat(imported.json().path("imported").get(0).path("messages").asInt()).isEqualTo(5);
		assertThat(imported.json().path("imported").get(1).path("index").asInt()).isEqualTo(1);

		JsonNode original = ApiClient.json().readTree(TWO_CHATS).path("chats");
		assertThat(exportAll(token).path("chats")).isEqualTo(original);
		long chatId = imported.json().path("imported").get(0).path("chat_id").asLong();
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"select parent_id, content, created_at from messages where chat_id = ? order by id", chatId);
		assertThat(rows).hasSize(5);
		assertThat(rows.get(3).get("parent_id")).isEqualTo(rows.get(4).get("parent_id")).isNotNull();
		assertThat(((Number) rows.get(0).get("created_at")).longValue())
			.isEqualTo(Instant.parse("2026-01-02T03:04:06.001Z").toEpochMilli());
		assertThat(this.jdbc.queryForObject("select title_source from chats where id = ?", String.class, chatId))
			.isEqualTo("model");
	}

	@Test
	void oneChatExportsAsJsonWithItsShownLeafAndAsMarkdownWithTheShownBranch() {
		String token = this.api.newUser();
		long chatId = importFile(token, TWO_CHATS).json().path("imported").get(0).path("chat_id").asLong();

		Response json = this.api.get("/chats/" + chatId + "/export", token);
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.header("Content-Type")).startsWith("application/json");
		assertThat(json.header("Content-Disposition")).isEqualTo("attachment; filename=\"branches.json\"");
		assertThat(json.json().path("format").asString()).isEqualTo("llmchat-chat");
		assertThat(json.json().path("version").asInt()).isEqualTo(1);
		assertThat(json.json().path("chat")).isEqualTo(ApiClient.json().readTree(TWO_CHATS).path("chats").get(0));

		Response markdown = this.api.get("/chats/" + chatId + "/export?format=markdown", token);
		assertThat(markdown.status()).isEqualTo(200);
		assertThat(markdown.header("Content-Type")).startsWith("text/markdown");
		assertThat(markdown.header("Content-Disposition")).isEqualTo("attachment; filename=\"branches.md\"");
		assertThat(markdown.body()).startsWith("# Branches\n\n")
			.contains("- Model: m-1\n", "- Temperature: 0.7\n", "- Top-p: 0.9\n", "## System prompt\n\nAnswer briefly.\n")
			.contains("## You\n\nSecond try, edited\n\n## Assistant (interrupted)\n\nAnswer to the edit\n")
			.doesNotContain("First *try*", "Answer one", "Regenerated");
	}

	@Test
	void theDownloadNameIsPlainAsciiWhateverTheTitle() {
		String token = this.api.newUser();
		String file = TWO_CHATS.replace("\"Branches\"",
				ApiClient.json().writeValueAsString("Ünïcödé \"quoted\"; filename=evil.exe\r\n../../etc/passwd \u202Egnp.exe 你好"));
		long chatId = importFile(token, file).json().path("imported").get(0).path("chat_id").asLong();
		assertThat(this.api.get("/chats/" + chatId + "/export", token).header("Content-Disposition"))
			.isEqualTo("attachment; filename=\"unicode-quoted-filename-evil-exe-etc-passwd-gnp-exe.json\"");
		long untitled = this.api.newChat(token, Map.of("title", "你好"));
		assertThat(this.api.get("/chats/" + untitled + "/export?format=markdown", token).header("Content-Disposition"))
			.isEqualTo("attachment; filename=\"chat-" + untitled + ".md\"");
		assertThat(this.api.get("/chats/export", token).header("Content-Disposition"))
			.matches("attachment; filename=\"llmchat-chats-\\d{4}-\\d{2}-\\d{2}\\.json\"");
	}

	@Test
	void anUnknownExportFormatIsA422ThatNamesTheFormats() {
		String token = this.api.newUser();
		long chatId = this.api.newChat(token, Map.of("title", "x"));
		Response answer = this.api.get("/chats/" + chatId + "/export?format=pdf", token);
		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().path("detail").asString()).contains("format must be json or markdown");
		assertThat(this.api.get("/chats/999999999/export", token).status()).isEqualTo(404);
	}

	@Test
	void chatGptConversationsBecomeChatsWithTheirBranchesAsVersions() throws Exception {
		String token = this.api.newUser();
		String file = new String(getClass().getResourceAsStream("/transfer/chatgpt-conversations.json").readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
		Response imported = importFile(token, file);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		JsonNode result = imported.json();
		assertThat(result.path("imported").size()).isEqualTo(2);
		assertThat(result.path("imported").get(0).path("title").asString()).isEqualTo("Capital of Brazil");
		assertThat(result.path("imported").get(0).path("messages").asInt()).isEqualTo(6);
		assertThat(result.path("imported").get(1).path("index").asInt()).isEqualTo(2);
		assertThat(result.path("rejected").size()).isEqualTo(1);
		assertThat(result.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
		assertThat(result.path("rejected").get(0).path("title").asString()).isEqualTo("Broken export");
		assertThat(result.path("rejected").get(0).path("reason").asString()).contains("gone", "not in the conversation");

		JsonNode chat = export(token, result.path("imported").get(0).path("chat_id").asLong());
		assertThat(chat.path("title_source").asString()).isEqualTo("user");
		assertThat(chat.path("created_at").asString()).isEqualTo("2023-11-14T22:13:20.123Z");
		assertThat(Instant.parse(chat.path("updated_at").asString())).isEqualTo(Instant.ofEpochMilli(1700000900500L));
		assertThat(chat.path("current").asInt()).isEqualTo(6);
		JsonNode messages = chat.path("messages");
		assertThat(messages.valueStream().map(m -> m.path("role").asString() + ":" + m.path("parent").asString("-")))
			.containsExactly("user:-", "assistant:1", "user:-", "assistant:3", "user:4", "assistant:5");
		assertThat(messages.get(0).path("content").asString()).isEqualTo("What is the capital of Brasil?");
		assertThat(messages.get(2).path("content").asString()).isEqualTo("What is the capital of Brazil?");
		assertThat(messages.get(3).path("content").asString()).isEqualTo("The capital of Brazil is Brasília.");
		assertThat(messages.get(3).path("model").asString()).isEqualTo("gpt-4o");
		assertThat(messages.get(4).path("content").asString())
			.isEqualTo("[image not imported]\n\nWhat building is this?");
		assertThat(messages.get(5).path("content").asString()).contains("| 1960 | inauguration |");
		assertThat(messages.get(1).path("created_at").asString()).isEqualTo("2023-11-14T22:13:32.500Z");

		JsonNode untitled = export(token, result.path("imported").get(1).path("chat_id").asLong());
		assertThat(untitled.path("title").asString()).isEqualTo("New chat");
		assertThat(untitled.path("title_source").asString()).isEqualTo("default");
		assertThat(untitled.path("current").asInt()).isEqualTo(2);
		assertThat(untitled.path("messages").get(0).path("created_at").asString()).isEqualTo("2023-11-14T22:46:40Z");
		assertThat(untitled.path("messages").get(1).path("status").asString()).isEqualTo("interrupted");
		assertThat(untitled.path("updated_at").asString()).isEqualTo("2023-11-14T22:46:43Z");
	}

	@Test
	void anAnswerStreamingInTheFileComesBackInterrupted() {
		String token = this.api.newUser();
		String file = """
				{"format": "llmchat-chat", "version": 1, "chat": {"title": "cut", "messages": [
				  {"key": 1, "parent": null, "role": "user", "content": "q"},
				  {"key": 2, "parent": 1, "role": "assistant", "content": "half an ans", "status": "streaming"}],
				 "current": 2}}""";
		Response imported = importFile(token, file);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		JsonNode chat = export(token, imported.json().path("imported").get(0).path("chat_id").asLong());
		assertThat(chat.path("title_source").asString()).isEqualTo("user");
		assertThat(chat.path("messages").get(1).path("status").asString()).isEqualTo("interrupted");
		assertThat(chat.path("messages").get(1).path("finish_reason").asString()).isEqualTo("interrupted");
		assertThat(chat.path("messages").get(1).path("content").asString()).isEqualTo("half an ans");
	}

	@Test
	void theRoutesAreDescribedForSwaggerUnderExportAndImport() {
		JsonNode paths = this.api.get("/v3/api-docs", null).json().path("paths");
		JsonNode importing = paths.path("/chats/import").path("post");
		assertThat(importing.path("tags").get(0).asString()).isEqualTo("Export and import");
		assertThat(importing.path("requestBody").path("content").has("application/json")).isTrue();
		assertThat(importing.path("parameters").isMissingNode() || importing.path("parameters").isEmpty()).isTrue();
		assertThat(paths.path("/chats/export").path("get").path("tags").get(0).asString()).isEqualTo("Export and import");
		JsonNode exporting = paths.path("/chats/{id}/export").path("get");
		assertThat(exporting.path("summary").asString()).isNotBlank();
		assertThat(exporting.path("parameters").valueStream().map(parameter -> parameter.path("name").asString()))
			.contains("id", "format");
	}

	private Response importFile(String token, String body) {
		return this.api.postRaw("/chats/import", token, "application/json", body);
	}

	private JsonNode exportAll(String token) {
		Response exported = this.api.get("/chats/export", token);
		assertThat(exported.status()).as(exported.body()).isEqualTo(200);
		return exported.json();
	}

	private JsonNode export(String token, long chatId) {
		Response exported = this.api.get("/chats/" + chatId + "/export", token);
		assertThat(exported.status()).as(exported.body()).isEqualTo(200);
		return exported.json().path("chat");
	}

}
