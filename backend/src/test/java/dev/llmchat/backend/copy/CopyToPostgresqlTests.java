package dev.llmchat.backend.copy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.llmchat.backend.support.ApiClient;
import dev.llmchat.backend.support.ApiClient.EventStream;
import dev.llmchat.backend.support.Backends;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;
import dev.llmchat.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite database made by the real backend through its API (people with their passwords, chats with and without
 * settings, answers complete, failed, stopped, and one that a backend which did not stop left streaming, in several
 * scripts and at length) is copied by the copy command into a fresh PostgreSQL database, and the backend started on
 * PostgreSQL serves the same people and the same chats, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PostgresDatabase.Required.class)
class CopyToPostgresqlTests {

	/** Scripts, combining marks, a joined emoji, right-to-left text, quotes, markup and control characters. */
	private static final String TEXT = "Olá, 世界! مرحبا بالعالم 👩‍👩‍👧‍👦 e\u0301 \"aspas\" \\ <b>negrito</b>\ttab\nnova linha 🇧🇷";

	private static final String LONG_TEXT = ("Linha longa com acentuação, ünïcödé e 漢字; " + TEXT + "\n").repeat(60);

	private record Person(String email, String password, String fullName) {

	}

	private static final List<Person> PEOPLE = List.of(new Person("ana@example.com", "correct horse battery", "Ana Luísa 🌷"),
			new Person("li.wei@example.com", "密码 pässwörd 🔑!", "李伟"),
			new Person("omar@example.com", "كلمة السر 12345", "عمر الفاروق"));

	@TempDir
	static Path folder;

	private VllmSimulator simulator;

	private PostgresDatabase database;

	private ConfigurableApplicationContext onPostgresql;

	private ApiClient api;

	private Path sqliteFile;

	/** What the backend on SQLite served: each person's {@code /auth/me}, chat list and opened chats. */
	private final Map<String, JsonNode> seenOnSqlite = new LinkedHashMap<>();

	private long streamingAnswer;

	private long deletedChat;

	/** Ana's chat whose first question was edited and the answer to the edit regenerated, showing the first version. */
	private long versionedChat;

	private long lastMessageHandedOut;

	private String checksum;

	private Map<String, List<Map<String, Object>>> rowsInSqlite;

	private Map<String, List<Map<String, Object>>> rowsCopied;

	private CopyRun copy;

	@BeforeAll
	void makeASqliteDatabaseThroughTheBackendAndCopyIt() throws Exception {
		this.simulator = VllmSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(400).withAnswerTokens(24));
		this.sqliteFile = folder.resolve("app.db");
		try (ConfigurableApplicationContext onSqlite = Backends.start("sqlite:///" + this.sqliteFile,
				this.simulator.baseUrl())) {
			ApiClient sqliteApi = Backends.client(onSqlite);
			fill(sqliteApi);
			for (Person person : PEOPLE) {
				remember(sqliteApi, person);
			}
		}
		this.streamingAnswer = leaveTheLastAnswerStreaming();
		this.rowsInSqlite = Databases.rows("jdbc:sqlite:" + this.sqliteFile);
		this.checksum = Databases.checksum(this.sqliteFile);

		this.database = PostgresDatabase.create("copy");
		this.copy = CopyRun.of("--copy-from=sqlite:///" + this.sqliteFile, "--DATABASE_URL=" + this.database.url());
		this.rowsCopied = Databases.rows(this.database.jdbcUrl());

		this.onPostgresql = Backends.start(this.database.url(), this.simulator.baseUrl());
		this.api = Backends.client(this.onPostgresql);
	}

	@AfterAll
	void stopEverything() {
		if (this.onPostgresql != null) {
			this.onPostgresql.close();
		}
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void theCopyPrintsTheRowsOfEachTableAndTheTimeItTook() {
		assertThat(this.copy.exitCode()).as(this.copy.toString()).isZero();
		assertThat(this.copy.output()).containsPattern("Copied \\S+app\\.db into jdbc:postgresql://\\S+ in \\d+\\.\\d s:")
			.containsPattern("users +3 rows, new ids from 4")
			.containsPattern("chats +" + this.rowsInSqlite.get("chats").size() + " rows, new ids from " + (this.deletedChat + 1))
			.containsPattern("messages +" + this.rowsInSqlite.get("messages").size() + " rows, new ids from "
					+ (this.lastMessageHandedOut + 1))
			.contains("1 answer(s) still streaming in SQLite");
		assertThat(this.copy.errors()).isEmpty();
	}

	@Test
	void everyRowArrivesWithEveryValueAsSqliteHeldItButTheStreamingAnswerInterrupted() {
		Map<String, List<Map<String, Object>>> expected = new LinkedHashMap<>(this.rowsInSqlite);
		List<Map<String, Object>> messages = new ArrayList<>();
		for (Map<String, Object> row : expected.get("messages")) {
			Map<String, Object> message = new LinkedHashMap<>(row);
			if (message.get("id").equals(this.streamingAnswer)) {
				message.putAll(Map.of("status", "interrupted", "finish_reason", "interrupted"));
				message.put("owner", null);
				message.put("lease_until", null);
			}
			messages.add(message);
		}
		expected.put("messages", messages);

		assertThat(this.rowsInSqlite.get("messages")).extracting(row -> row.get("status"))
			.contains("complete", "error", "interrupted", "streaming");
		assertThat(this.rowsCopied).isEqualTo(expected);
		assertThat(this.rowsCopied.get("users")).hasSize(3);
		assertThat(this.rowsCopied.get("messages")).extracting(row -> row.get("status"))
			.contains("complete", "error", "interrupted")
			.doesNotContain("streaming");
	}

	@Test
	void theSamePeopleSignInWithTheirPasswords() {
		for (Person person : PEOPLE) {
			String token = this.api.login(person.email(), person.password());
			assertThat(this.api.get("/auth/me", token).json()).isEqualTo(this.seenOnSqlite.get(person.email() + " me"));
			assertThat(this.api.post("/auth/login", null, Map.of("email", person.email(), "password", "not " + person.password()))
				.status()).isEqualTo(401);
		}
	}

	@Test
	void theSameChatsAndMessagesAreServedByteForByte() {
		for (Person person : PEOPLE) {
			String token = this.api.login(person.email(), person.password());
			JsonNode list = this.api.get("/chats", token).json();
			assertThat(list).isEqualTo(this.seenOnSqlite.get(person.email() + " chats"));
			for (JsonNode chat : list) {
				JsonNode expected = this.seenOnSqlite.get("chat " + chat.path("id").asLong()).deepCopy();
				for (JsonNode message : expected.path("messages")) {
					if (message.path("id").asLong() == this.streamingAnswer) {
						((ObjectNode) message).put("status", "interrupted").put("finish_reason", "interrupted");
					}
				}
				assertThat(this.api.get("/chats/" + chat.path("id").asLong(), token).json()).isEqualTo(expected);
			}
		}
		assertThat(this.seenOnSqlite.keySet()).filteredOn(key -> key.startsWith("chat ")).hasSize(3);
	}

	@Test
	void aChatWithVersionsKeepsThemAndTheBranchItShowedAndSwitchesOnPostgresql() {
		String ana = this.api.login(PEOPLE.get(0).email(), PEOPLE.get(0).password());
		JsonNode shown = this.api.get("/chats/" + this.versionedChat + "/messages", ana).json();
		assertThat(shown).hasSize(4);
		assertThat(shown.get(0).path("content").asString()).isEqualTo(TEXT);
		assertThat(shown.get(0).path("version").asInt()).isEqualTo(1);
		assertThat(shown.get(0).path("versions").asInt()).isEqualTo(2);

		long otherVersion = shown.get(0).path("version_ids").get(1).asLong();
		JsonNode switched = this.api.put("/chats/" + this.versionedChat + "/branch", ana, Map.of("message_id", otherVersion))
			.json()
			.path("messages");

		assertThat(switched).hasSize(2);
		assertThat(switched.get(0).path("content").asString()).isEqualTo("Outra versão: " + TEXT);
		assertThat(switched.get(1).path("version").asInt()).isEqualTo(2);
		assertThat(switched.get(1).path("versions").asInt()).isEqualTo(2);
		// back to the branch SQLite showed, which the byte-for-byte comparison expects
		assertThat(this.api.put("/chats/" + this.versionedChat + "/branch", ana,
				Map.of("message_id", shown.get(0).path("id").asLong())).json().path("messages")).isEqualTo(shown);
	}

	@Test
	void newPeopleChatsAndMessagesGetIdsAfterEveryIdSqliteHandedOut() {
		String token = this.api.newUser();
		assertThat(this.api.get("/auth/me", token).json().path("id").asLong()).isEqualTo(4);
		long chat = this.api.newChat(token, Map.of("title", "depois da cópia"));
		assertThat(chat).as("after the chat deleted in SQLite").isEqualTo(this.deletedChat + 1);
		ApiClient.Response answer = this.api.post("/generate", token, Map.of("chat_id", chat, "prompt", "Olá"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode messages = this.api.get("/chats/" + chat + "/messages", token).json();
		assertThat(messages.get(0).path("id").asLong()).isEqualTo(this.lastMessageHandedOut + 1);
		assertThat(messages.get(1).path("id").asLong()).isEqualTo(this.lastMessageHandedOut + 2);
	}

	@Test
	void aSecondCopyIntoTheFilledDatabaseIsRefusedNamingATableThatHasRows() throws Exception {
		long users = Databases.count(this.database.jdbcUrl(), "users");

		CopyRun again = CopyRun.of("--copy-from=sqlite:///" + this.sqliteFile, "--DATABASE_URL=" + this.database.url());

		assertThat(again.exitCode()).isEqualTo(1);
		assertThat(again.errors()).startsWith("error: The PostgreSQL table users already has rows")
			.contains("create a new one");
		assertThat(again.output()).isEmpty();
		assertThat(Databases.count(this.database.jdbcUrl(), "users")).isEqualTo(users);
	}

	@Test
	void theSqliteFileIsLeftAsItWas() throws Exception {
		assertThat(Databases.checksum(this.sqliteFile)).isEqualTo(this.checksum);
		Path wal = folder.resolve("app.db-wal");
		if (Files.exists(wal)) {
			assertThat(Files.size(wal)).as("nothing written beside it either").isZero();
		}
	}

	/**
	 * Ana: a chat with every setting and two complete answers (one whole, one streamed, of a long prompt), a chat with
	 * none whose answers failed mid-stream and were stopped, and a chat deleted with its answer. Li: a renamed chat
	 * whose last answer is the one left streaming. Omar: no chats, signed out everywhere once.
	 */
	private void fill(ApiClient sqliteApi) {
		for (Person person : PEOPLE) {
			assertThat(sqliteApi.post("/auth/register", null, Map.of("email", person.email(), "password",
					person.password(), "full_name", person.fullName())).status()).isEqualTo(200);
		}
		String ana = sqliteApi.login(PEOPLE.get(0).email(), PEOPLE.get(0).password());
		long settings = sqliteApi.newChat(ana, Map.of("title", "Capitais 🌎 " + TEXT, "system_prompt", LONG_TEXT));
		assertThat(sqliteApi.patch("/chats/" + settings, ana, Map.of("model", "Qwen/Qwen2.5-0.5B-Instruct",
				"temperature", 0.7, "max_tokens", 256)).status()).isEqualTo(200);
		assertThat(sqliteApi.post("/generate", ana, Map.of("chat_id", settings, "prompt", TEXT)).status()).isEqualTo(200);
		sqliteApi.generateStreaming(ana, settings, LONG_TEXT);
		JsonNode first = sqliteApi.get("/chats/" + settings + "/messages", ana).json().get(0);
		assertThat(sqliteApi.post("/chats/" + settings + "/messages/" + first.path("id").asLong() + "/edit", ana,
				Map.of("content", "Outra versão: " + TEXT)).status()).isEqualTo(200);
		long edited = sqliteApi.get("/chats/" + settings + "/messages", ana).json().get(1).path("id").asLong();
		assertThat(sqliteApi.post("/chats/" + settings + "/messages/" + edited + "/regenerate", ana, null).status())
			.isEqualTo(200);
		assertThat(sqliteApi.put("/chats/" + settings + "/branch", ana, Map.of("message_id", first.path("id").asLong()))
			.status()).isEqualTo(200);
		this.versionedChat = settings;

		long failures = sqliteApi.newChat(ana, Map.of());
		assertThat(sqliteApi.generateStreaming(ana, failures, "cai [[sim:fault=drop-mid-stream]]")
			.get(0).type()).isEqualTo("start");
		try (EventStream stopped = sqliteApi.openStream("POST", "/generate", ana,
				Map.of("chat_id", failures, "prompt", TEXT + " [[sim:tokens=5000]]", "stream", true), null)) {
			stopped.next();
			stopped.next();
			assertThat(sqliteApi.post("/chats/" + failures + "/generation/stop", ana, null).status()).isEqualTo(204);
			stopped.readAll();
		}

		String li = sqliteApi.login(PEOPLE.get(1).email(), PEOPLE.get(1).password());
		long renamed = sqliteApi.newChat(li, Map.of("title", "مرحبا", "system_prompt", TEXT));
		sqliteApi.generateStreaming(li, renamed, "Primeira pergunta " + TEXT);
		sqliteApi.generateStreaming(li, renamed, "Segunda pergunta, que ficará a meio");
		assertThat(sqliteApi.patch("/chats/" + renamed, li, Map.of("title", "renomeado ✓")).status()).isEqualTo(200);

		this.deletedChat = sqliteApi.newChat(ana, Map.of("title", "apagado"));
		sqliteApi.generateStreaming(ana, this.deletedChat, "e logo apagado");
		this.lastMessageHandedOut = sqliteApi.get("/chats/" + this.deletedChat + "/messages", ana).json().get(1).path("id")
			.asLong();
		assertThat(sqliteApi.delete("/chats/" + this.deletedChat, ana).status()).isEqualTo(204);

		String omar = sqliteApi.login(PEOPLE.get(2).email(), PEOPLE.get(2).password());
		assertThat(sqliteApi.post("/auth/logout-all", omar, null).status()).isIn(200, 204);
	}

	private void remember(ApiClient sqliteApi, Person person) {
		String token = sqliteApi.login(person.email(), person.password());
		this.seenOnSqlite.put(person.email() + " me", sqliteApi.get("/auth/me", token).json());
		JsonNode chats = sqliteApi.get("/chats", token).json();
		this.seenOnSqlite.put(person.email() + " chats", chats);
		for (JsonNode chat : chats) {
			long id = chat.path("id").asLong();
			this.seenOnSqlite.put("chat " + id, sqliteApi.get("/chats/" + id, token).json());
		}
	}

	/** What a backend killed in the middle of Li's last answer leaves: the answer streaming, owned, leased. */
	private long leaveTheLastAnswerStreaming() throws SQLException {
		try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + this.sqliteFile);
				Statement statement = sqlite.createStatement()) {
			long answer;
			try (ResultSet last = statement.executeQuery("select max(m.id) from messages m join chats c on c.id = m.chat_id "
					+ "join users u on u.id = c.user_id where u.email = 'li.wei@example.com'")) {
				last.next();
				answer = last.getLong(1);
			}
			assertThat(statement.executeUpdate("update messages set status = 'streaming', finish_reason = null, "
					+ "owner = 'a-replica-that-was-killed', lease_until = 4102444800000 where id = " + answer)).isEqualTo(1);
			return answer;
		}
	}

}
