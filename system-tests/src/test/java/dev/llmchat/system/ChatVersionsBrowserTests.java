package dev.llmchat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import dev.llmchat.simulator.SimulatorConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions of messages, chat settings, export and import in Debian's Chromium, against the packaged backend and
 * frontend as real processes: edit a question and switch between its versions, regenerate an answer, save settings,
 * export a chat and import it back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Chromium.Installed.class)
class ChatVersionsBrowserTests {

	private static final Path OUTPUT = Path.of("target", "e2e-versions");

	private static final Duration START_DEADLINE = Duration.ofSeconds(240);

	private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(60);

	private static final String PASSWORD = "a long enough password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private BrowserStack system;

	private TestStack stack;

	private Chromium chromium;

	private ChromeDriver browser;

	private String token;

	@BeforeAll
	void startEverything() throws Exception {
		this.system = BrowserStack.start(SimulatorConfig.defaults().withTokensPerSecond(50), OUTPUT, "versions-",
				START_DEADLINE, ANSWER_DEADLINE);
		this.stack = this.system.stack();
		this.chromium = this.system.chromium();
		this.browser = this.chromium.driver();
		String email = "versions-" + System.nanoTime() + "@example.org";
		backend("POST", "/auth/register", null, Map.of("email", email, "password", PASSWORD));
		this.token = backend("POST", "/auth/login", null, Map.of("email", email, "password", PASSWORD))
			.path("access_token")
			.asString();
		this.chromium.logIn(this.stack.frontendUrl(), email, PASSWORD);
	}

	@AfterAll
	void stopEverything() {
		if (this.system != null) {
			this.system.close();
		}
	}

	@Test
	void anEditedQuestionKeepsBothVersionsAndEachShowsTheConversationThatFollowedIt() throws Exception {
		openNewChat("Fruit");
		ask("Tell me about apples");
		ask("And their colours");
		assertThat(lastAnswerWhenComplete()).contains("I can see 2 earlier messages.");

		edit(0, "Tell me about pears");
		waitFor("the answer to the edited question", () -> messages("message-user").size() == 1
				&& messages("message-assistant").size() == 1
				&& "complete".equals(lastAnswer().getDomAttribute("data-status")));
		assertThat(lastAnswerWhenComplete()).contains("\"Tell me about pears\"");
		assertThat(lastAnswerWhenComplete()).as("the model was sent the shown branch only")
			.contains("I can see 0 earlier messages.");
		waitFor("the versions of the question", () -> counter(0).equals("2 / 2"));
		WebElement versions = messages("message-user").get(0).findElement(By.className("message-versions"));
		assertThat(versions.getDomAttribute("aria-label")).isEqualTo("Version 2 of 2");
		assertThat(versions.findElement(By.className("version-previous")).getDomAttribute("aria-label"))
			.isEqualTo("Previous version");
		this.chromium.screenshot("chat-versions");

		// with the keyboard, as someone without a mouse would
		versions.findElement(By.className("version-previous")).sendKeys(Keys.ENTER);
		waitFor("the first version with the conversation that followed it", () -> counter(0).equals("1 / 2")
				&& messages("message-assistant").size() == 2);
		assertThat(messages("message-user")).extracting(WebElement::getText)
			.anySatisfy((text) -> assertThat(text).contains("Tell me about apples"))
			.anySatisfy((text) -> assertThat(text).contains("And their colours"));
		assertThat(this.browser.switchTo().activeElement().getDomAttribute("class")).contains("version-");

		this.browser.navigate().refresh();
		this.chromium.waitForScripts();
		assertThat(counter(0)).as("the shown version is stored").isEqualTo("1 / 2");
		ask("What about bananas");
		assertThat(lastAnswerWhenComplete()).as("the model continued the shown branch")
			.contains("I can see 4 earlier messages.");

		messages("message-user").get(0).findElement(By.className("version-next")).click();
		waitFor("the second version again", () -> counter(0).equals("2 / 2")
				&& messages("message-assistant").size() == 1);
		assertThat(messages("message-user").get(0).getText()).contains("Tell me about pears");
		theControlsFitAPhone();
	}

	@Test
	void theLastAnswerCanBeWrittenAgainAndTheEarlierOneIsKept() throws IOException {
		openNewChat("Colours");
		ask("Name a fruit");
		send("Name a colour [[sim:tokens=150]]");
		waitFor("the answer to be under way", () -> "streaming".equals(lastAnswer().getDomAttribute("data-status")));
		this.chromium.screenshot("chat-streaming");
		assertThat(this.browser.findElements(By.cssSelector("#messages .regenerate"))).as("while an answer streams")
			.isEmpty();
		assertThat(this.browser.findElements(By.cssSelector("#messages .edit-message"))).as("while an answer streams")
			.isNotEmpty()
			.allSatisfy((button) -> assertThat(button.isEnabled()).isFalse());
		lastAnswerWhenComplete();
		waitFor("the Regenerate button", () -> !this.browser.findElements(By.cssSelector("#messages .regenerate"))
			.isEmpty());
		String first = lastAnswerWhenComplete();

		lastAnswer().findElement(By.className("regenerate")).click();
		waitFor("the regenerated answer with its versions", () -> messages("message-assistant").size() == 2
				&& answerCounter().equals("2 / 2"));
		assertThat(lastAnswerWhenComplete()).contains("\"Name a colour\"");
		assertThat(this.browser.findElements(By.cssSelector("#messages .edit-message")))
			.allSatisfy((button) -> assertThat(button.isEnabled()).isTrue());

		lastAnswer().findElement(By.className("version-previous")).click();
		waitFor("the first answer again", () -> answerCounter().equals("1 / 2"));
		assertThat(lastAnswerWhenComplete()).isEqualTo(first);
	}

	@Test
	void settingsAreSavedRefusedNextToTheirFieldAndShownAfterAReload() throws IOException {
		openNewChat("Settings");
		this.browser.findElement(By.cssSelector("#chat-settings > summary")).click();
		waitFor("the server's defaults beside the settings",
				() -> this.chromium.text(By.id("settings-temperature-hint")).startsWith("Server default"));
		this.browser.findElement(By.id("settings-system_prompt")).sendKeys("Answer in one word.");
		new Select(this.browser.findElement(By.id("settings-model"))).selectByIndex(1);
		String model = new Select(this.browser.findElement(By.id("settings-model"))).getFirstSelectedOption()
			.getDomAttribute("value");
		type("settings-temperature", "0.3");
		type("settings-top_p", "0.8");
		type("settings-max_tokens", "120");
		this.browser.findElement(By.id("settings-save")).click();
		waitFor("the settings saved", () -> this.chromium.text(By.id("settings-status")).equals("Settings saved."));
		this.chromium.screenshot("chat-settings");

		type("settings-temperature", "5");
		this.browser.findElement(By.id("settings-save")).click();
		waitFor("the refusal next to the temperature",
				() -> this.chromium.text(By.id("settings-temperature-error"))
					.equals("The temperature must be a number from 0 to 2."));
		assertThat(this.browser.findElement(By.id("settings-temperature")).getDomAttribute("class"))
			.contains("is-invalid");

		this.browser.navigate().refresh();
		this.chromium.waitForScripts();
		this.browser.findElement(By.cssSelector("#chat-settings > summary")).click();
		assertThat(this.browser.findElement(By.id("settings-system_prompt")).getDomProperty("value"))
			.isEqualTo("Answer in one word.");
		assertThat(new Select(this.browser.findElement(By.id("settings-model"))).getFirstSelectedOption()
			.getDomAttribute("value")).isEqualTo(model);
		assertThat(this.browser.findElement(By.id("settings-temperature")).getDomProperty("value")).isEqualTo("0.3");
		assertThat(this.browser.findElement(By.id("settings-top_p")).getDomProperty("value")).isEqualTo("0.8");
		assertThat(this.browser.findElement(By.id("settings-max_tokens")).getDomProperty("value")).isEqualTo("120");
		assertThat(this.chromium.contentSecurityPolicyReports()).isEmpty();
	}

	@Test
	void anExportedChatImportsBackWithItsVersions() throws IOException {
		long chatId = openNewChat("Round trip");
		ask("Hello export");
		lastAnswerWhenComplete();
		waitFor("the Regenerate button", () -> !this.browser.findElements(By.cssSelector("#messages .regenerate"))
			.isEmpty());
		lastAnswer().findElement(By.className("regenerate")).click();
		waitFor("the second answer", () -> answerCounter().equals("2 / 2"));

		this.browser.findElement(By.cssSelector("#export-menu > summary")).click();
		assertThat(this.browser.findElement(By.id("export-markdown")).getDomAttribute("href"))
			.isEqualTo("/chat/" + chatId + "/export?format=markdown");
		List<?> markdown = download("/chat/" + chatId + "/export?format=markdown");
		assertThat((String) markdown.get(1)).startsWith("text/markdown");
		assertThat((String) markdown.get(2)).startsWith("attachment");
		assertThat((String) markdown.get(3)).contains("Hello export");
		List<?> exported = download(this.browser.findElement(By.id("export-json")).getDomAttribute("href"));
		assertThat((String) exported.get(2)).startsWith("attachment").contains(".json");
		JsonNode chat = JSON.readTree((String) exported.get(3));
		assertThat(chat.path("format").asString()).isEqualTo("llmchat-chat");
		assertThat(chat.path("chat").path("messages").size()).isEqualTo(3);

		Path file = Files.createTempFile(OUTPUT.toAbsolutePath(), "export-", ".json");
		Files.writeString(file, (String) exported.get(3));
		this.browser.get(this.stack.frontendUrl() + "/dashboard");
		this.browser.findElement(By.id("import-link")).click();
		this.chromium.waitFor("the import page", () -> this.browser.getCurrentUrl().endsWith("/chats/import"));
		this.browser.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
		this.browser.findElement(By.cssSelector("#import-form button[type=submit]")).click();
		waitFor("the import's result", () -> !this.browser.findElements(By.id("import-imported")).isEmpty()
				|| !this.browser.findElements(By.cssSelector(".alert.problem")).isEmpty());
		assertThat(this.browser.findElements(By.className("imported-chat"))).as(this.chromium.text(By.tagName("main")))
			.hasSize(1);
		assertThat(this.chromium.text(By.className("imported-chat"))).isEqualTo("Round trip");
		this.chromium.screenshot("import");

		this.browser.findElement(By.className("imported-chat")).click();
		this.chromium.waitForScripts();
		waitFor("the imported versions", () -> answerCounter().equals("2 / 2"));
		assertThat(messages("message-user").get(0).getText()).contains("Hello export");
		long importedId = Long.parseLong(this.browser.getCurrentUrl().replaceAll(".*/chat/", ""));
		JsonNode again = JSON.readTree((String) download("/chat/" + importedId + "/export?format=json").get(3));
		assertThat(withoutTimes(again.path("chat"))).as("export, import, export again")
			.isEqualTo(withoutTimes(chat.path("chat")));

		Path notJson = Files.createTempFile(OUTPUT.toAbsolutePath(), "not-json-", ".json");
		Files.writeString(notJson, "<html>not an export</html>");
		this.browser.get(this.stack.frontendUrl() + "/chats/import");
		this.browser.findElement(By.id("import-file")).sendKeys(notJson.toAbsolutePath().toString());
		this.browser.findElement(By.cssSelector("#import-form button[type=submit]")).click();
		waitFor("the refusal", () -> !this.browser.findElements(By.cssSelector(".alert.problem")).isEmpty());
		assertThat(this.chromium.text(By.cssSelector(".alert.problem"))).startsWith("The file is not a JSON export.");

		JsonNode all = JSON.readTree((String) download("/chats/export").get(3));
		assertThat(all.path("format").asString()).isEqualTo("llmchat-chats");
		assertThat(all.path("chats").size()).isGreaterThanOrEqualTo(2);
	}

	// ---- the person's actions ----

	/** A new chat made through the backend's API (how the page makes one is the layout's business), opened. */
	private long openNewChat(String title) {
		long id = backend("POST", "/chats", this.token, Map.of("title", title)).path("id").asLong();
		this.browser.get(this.stack.frontendUrl() + "/chat/" + id);
		this.chromium.waitForScripts();
		return id;
	}

	/** Sends a question and waits for its answer to start. */
	private void send(String question) {
		WebElement prompt = this.browser.findElement(By.id("prompt"));
		waitFor("the Send button", () -> this.browser.findElement(By.id("send")).isEnabled());
		int before = messages("message-assistant").size();
		prompt.sendKeys(question, Keys.ENTER);
		waitFor("a new answer", () -> messages("message-assistant").size() == before + 1);
	}

	/** Sends a question and waits for its answer to end and the conversation's controls to be back. */
	private void ask(String question) {
		send(question);
		lastAnswerWhenComplete();
		// the conversation is drawn again from the server once the answer ends: then each message has its controls
		waitFor("the controls of the new messages",
				() -> !this.browser.findElements(By.cssSelector("#messages .regenerate")).isEmpty());
	}

	private void edit(int question, String text) {
		WebElement message = messages("message-user").get(question);
		message.findElement(By.className("edit-message")).click();
		// the form opens once the message's stored text is read
		waitFor("the edit form", () -> !message.findElements(By.cssSelector(".edit-form textarea")).isEmpty());
		WebElement area = message.findElement(By.cssSelector(".edit-form textarea"));
		assertThat(this.browser.switchTo().activeElement()).isEqualTo(area);
		area.clear();
		area.sendKeys(text);
		message.findElement(By.className("edit-save")).click();
	}

	private void type(String id, String value) {
		WebElement field = this.browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	private void theControlsFitAPhone() throws IOException {
		Dimension desktop = this.browser.manage().window().getSize();
		this.browser.manage().window().setSize(new Dimension(390, 844));
		try {
			this.browser.navigate().refresh();
			this.chromium.waitForScripts();
			Object overflow = this.browser
				.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
			assertThat(((Number) overflow).intValue()).as("horizontal overflow at a phone's width").isLessThanOrEqualTo(0);
			this.chromium.screenshot("chat-versions-phone");
		}
		finally {
			this.browser.manage().window().setSize(desktop);
		}
	}

	/** [status, Content-Type, Content-Disposition, body] of a download, fetched by the page as a link would be. */
	private List<?> download(String path) {
		return (List<?>) this.browser.executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				fetch(arguments[0], { credentials: 'same-origin' })
					.then(function (response) {
						return response.text().then(function (body) {
							done([response.status, response.headers.get('Content-Type'),
								response.headers.get('Content-Disposition'), body]);
						});
					})
					.catch(function (error) { done([0, '', '', String(error)]); });""", path);
	}

	// ---- what the page shows ----

	private String counter(int question) {
		List<WebElement> counters = messages("message-user").get(question).findElements(By.className("version-counter"));
		return counters.isEmpty() ? "" : counters.get(0).getText();
	}

	/** The last answer's "‹ n / m ›" counter, or nothing while there is no answer or it has one version. */
	private String answerCounter() {
		List<WebElement> answers = messages("message-assistant");
		List<WebElement> counters = answers.isEmpty() ? List.of()
				: answers.get(answers.size() - 1).findElements(By.className("version-counter"));
		return counters.isEmpty() ? "" : counters.get(0).getText();
	}

	/** The last answer's text once it is complete, read in one go (the page may re-render it meanwhile). */
	private String lastAnswerWhenComplete() {
		String[] text = new String[1];
		waitFor("the answer to be complete", () -> {
			List<WebElement> answers = messages("message-assistant");
			WebElement last = answers.isEmpty() ? null : answers.get(answers.size() - 1);
			if (last == null || !"complete".equals(last.getDomAttribute("data-status"))) {
				return false;
			}
			text[0] = last.findElement(By.className("markdown")).getText();
			return true;
		});
		return text[0];
	}

	private WebElement lastAnswer() {
		List<WebElement> answers = messages("message-assistant");
		assertThat(answers).isNotEmpty();
		return answers.get(answers.size() - 1);
	}

	private List<WebElement> messages(String kind) {
		return this.browser.findElements(By.cssSelector("#messages article." + kind));
	}

	private void waitFor(String what, BooleanSupplier condition) {
		this.chromium.waitFor(what, condition);
	}

	// ---- the backend's API, for what is not the subject here ----

	private JsonNode backend(String method, String path, String bearer, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stack.backendUrl() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A chat of an export without what an import changes: its times. */
	private static JsonNode withoutTimes(JsonNode chat) {
		ObjectNode copy = (ObjectNode) chat.deepCopy();
		copy.remove(List.of("created_at", "updated_at"));
		copy.path("messages").forEach((message) -> ((ObjectNode) message).remove("created_at"));
		return copy;
	}

}
