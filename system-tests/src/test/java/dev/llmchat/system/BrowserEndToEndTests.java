package dev.llmchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

import dev.llmchat.simulator.Fault;
import dev.llmchat.simulator.SimulatorConfig;
import dev.llmchat.simulator.VllmSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's whole visit in Debian's Chromium, against the packaged backend and frontend running as real
 * processes and the vLLM simulator in this JVM: register, log in, chat with streamed answers, reload in the middle
 * of an answer, stop one, survive a hostile answer, read the history, log out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Chromium.Installed.class)
class BrowserEndToEndTests {

	private static final Path OUTPUT = Path.of("target", "e2e");

	private static final Duration START_DEADLINE = Duration.ofSeconds(300);

	private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(60);

	private VllmSimulator simulator;

	private BrowserStack system;

	private Chromium chromium;

	private ChromeDriver browser;

	private String frontendUrl;

	@BeforeAll
	void startEverything() throws IOException {
		this.system = BrowserStack.start(SimulatorConfig.defaults().withTokensPerSecond(25), OUTPUT, "",
				START_DEADLINE, ANSWER_DEADLINE);
		this.simulator = this.system.stack().simulator();
		this.frontendUrl = this.system.stack().frontendUrl();
		this.chromium = this.system.chromium();
		this.browser = this.chromium.driver();
	}

	@AfterAll
	void stopEverything() {
		if (this.system != null) {
			this.system.close();
		}
	}

	@Test
	void aPersonChatsFromRegistrationToLogout() throws IOException {
		String email = "e2e-" + System.nanoTime() + "@example.org";
		register(email, "a long enough password");
		logIn(email, "a long enough password");
		screenshot("dashboard");
		theThemeToggleIsRemembered();

		openNewChat("End-to-end chat");
		theScriptsParseEventsSplitAnywhere();

		ask("First question");
		assertThat(lastAnswerWhenItIs("complete"))
			.startsWith("Simulated answer 1 to \"First question\". I can see 0 earlier messages.");
		assertThat(lastAnswer().findElement(By.className("figures")).getText()).contains("tokens")
			.contains("first token in")
			.contains("tokens/s");
		waitFor("the finished answer announced", () -> text(By.id("announcer")).startsWith("Answer finished."));
		assertThat(this.browser.findElement(By.id("chat-error")).isDisplayed()).as("an error box without an error")
			.isFalse();

		WebElement prompt = this.browser.findElement(By.id("prompt"));
		prompt.sendKeys("Second question");
		prompt.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
		prompt.sendKeys("on two lines");
		assertThat(prompt.getDomProperty("value")).isEqualTo("Second question\non two lines");
		assertThat(answers()).hasSize(1);
		prompt.sendKeys(Keys.ENTER);
		waitFor("the second answer", () -> answers().size() == 2);
		assertThat(lastAnswerWhenItIs("complete")).as("the model was sent the earlier messages")
			.startsWith("Simulated answer 2 to \"Second question on two lines\". I can see 2 earlier messages.");

		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(answers()).hasSize(2);
		assertThat(messages("message-user")).extracting(WebElement::getText)
			.anySatisfy((text) -> assertThat(text).contains("First question"))
			.anySatisfy((text) -> assertThat(text).contains("on two lines"));
		assertThat(lastAnswer().getText()).contains("Simulated answer 2");
		screenshot("chat");

		reloadingInTheMiddleOfAnAnswerKeepsStreaming();
		stoppingKeepsThePartialAnswer();
		aHostileAnswerRunsNothing();
		aModelServerFailureIsExplainedAndCanBeRetried();
		aFreshlyOpenedChatTakesTheFirstMessageAtOnce();
		theOriginalPagesReaderGetsTheWholeAnswer();
		thePageFitsAPhone();
		noPageBrokeTheContentSecurityPolicy();

		this.browser.navigate().refresh();
		waitForScripts();
		int shown = this.browser.findElements(By.cssSelector("#messages article.message")).size();
		this.browser.findElement(By.linkText("History")).sendKeys(Keys.ENTER);
		waitFor("the history page", () -> this.browser.getCurrentUrl().endsWith("/history"));
		assertThat(this.browser.findElements(By.id("prompt-form"))).isEmpty();
		assertThat(this.browser.findElements(By.cssSelector("article.message"))).hasSize(shown)
			.hasSizeGreaterThanOrEqualTo(12);
		assertThat(this.browser.findElement(By.cssSelector("[data-print]")).isDisplayed()).isTrue();

		this.browser.findElement(By.id("logout")).sendKeys(Keys.ENTER);
		waitFor("the login page after logging out", () -> this.browser.getCurrentUrl().endsWith("/login?logout"));
		this.browser.get(this.frontendUrl + "/dashboard");
		waitFor("the dashboard closed to strangers", () -> this.browser.getCurrentUrl().endsWith("/login"));
	}

	private void register(String email, String password) {
		this.browser.get(this.frontendUrl + "/register");
		this.browser.findElement(By.id("email")).sendKeys(email);
		this.browser.findElement(By.id("fullName")).sendKeys("Ana Tester");
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("password")).submit();
		waitFor("the login page after registering", () -> this.browser.getCurrentUrl().endsWith("/login"));
		assertThat(text(By.className("alert-success"))).contains("Your account is ready.");
	}

	private void logIn(String email, String password) {
		this.chromium.logIn(this.frontendUrl, email, password);
		// the backend probes the model server in the background; on a busy machine its first probe may time out
		waitFor("the model server shown as up", () -> {
			if ("Up".equals(text(By.id("model-server-status")))) {
				return true;
			}
			this.browser.navigate().refresh();
			return false;
		});
		assertThat(text(By.id("model-count"))).isEqualTo("1");
	}

	private void theThemeToggleIsRemembered() {
		String start = theme();
		String other = "dark".equals(start) ? "light" : "dark";
		this.browser.findElement(By.id("theme-toggle")).click();
		assertThat(theme()).isEqualTo(other);
		assertThat(this.browser.findElement(By.id("theme-toggle")).getDomAttribute("aria-pressed"))
			.isEqualTo(String.valueOf("dark".equals(other)));
		this.browser.navigate().refresh();
		assertThat(theme()).isEqualTo(other);
		this.browser.findElement(By.id("theme-toggle")).click();
		assertThat(theme()).isEqualTo(start);
	}

	private String theme() {
		return this.browser.findElement(By.tagName("html")).getDomAttribute("data-bs-theme");
	}

	private void openNewChat(String title) {
		this.browser.findElement(By.id("title")).sendKeys(title);
		this.browser.findElement(By.id("systemPrompt")).sendKeys("Answer briefly.");
		this.browser.findElement(By.cssSelector("#new-chat-form button[type=submit]")).click();
		waitFor("the new chat", () -> this.browser.getCurrentUrl().matches(".*/chat/\\d+$"));
		assertThat(text(By.tagName("h1"))).isEqualTo(title);
		waitForScripts();
	}

	/** With or without the space after the colon, with CRLF or LF, split anywhere across reads. */
	private void theScriptsParseEventsSplitAnywhere() {
		Object events = this.browser.executeScript("""
				var events = [];
				var parser = new SseParser(function (event) { events.push(event.id + '|' + event.data); });
				var bytes = new TextEncoder().encode(
					'id: 1\\r\\ndata: {"type":"token","chunk":"olá"}\\r\\n\\r\\n: keep-alive\\n\\nid:2\\ndata:{"type":"done"}\\n\\n');
				for (var i = 0; i < bytes.length; i++) { parser.push(bytes.slice(i, i + 1)); }
				parser.end();
				return events.join('\\n');""");
		assertThat(events).isEqualTo("1|{\"type\":\"token\",\"chunk\":\"olá\"}\n2|{\"type\":\"done\"}");
	}

	private void reloadingInTheMiddleOfAnAnswerKeepsStreaming() {
		ask("A long answer please [[sim:tokens=250]]");
		waitFor("the long answer to be under way", () -> "streaming".equals(lastAnswer().getDomAttribute("data-status"))
				&& lastAnswer().getText().contains("lorem"));
		this.browser.navigate().refresh();
		waitForScripts();
		String finished = lastAnswerWhenItIs("complete");
		assertThat(finished).startsWith("Simulated answer 3 to \"A long answer please\"");
		assertThat(finished.split("\\s+").length).isGreaterThan(150);

		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(lastAnswer().getDomAttribute("data-status")).isEqualTo("complete");
		assertThat(lastAnswer().findElement(By.className("markdown")).getText()).isEqualTo(finished);
	}

	private void stoppingKeepsThePartialAnswer() {
		ask("Stop me halfway [[sim:tokens=400]]");
		waitFor("the answer to be under way", () -> lastAnswer().getText().contains("lorem"));
		WebElement stop = this.browser.findElement(By.id("stop"));
		assertThat(stop.isDisplayed()).isTrue();
		// with the keyboard, as someone without a mouse would
		stop.sendKeys(Keys.ENTER);
		String partial = lastAnswerWhenItIs("interrupted");
		assertThat(partial).startsWith("Simulated answer 4 to \"Stop me halfway\"");
		assertThat(partial.split("\\s+").length).isLessThan(390);
		assertThat(lastAnswer().findElement(By.className("message-status")).getText()).isEqualTo("Interrupted");
		waitFor("the Stop button to go away", () -> !this.browser.findElement(By.id("stop")).isDisplayed());

		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(lastAnswer().getDomAttribute("data-status")).isEqualTo("interrupted");
		assertThat(lastAnswer().findElement(By.className("markdown")).getText()).startsWith(partial.substring(0, 40));
	}

	private void aHostileAnswerRunsNothing() {
		ask("Render this [[sim:xss]]");
		lastAnswerWhenItIs("complete");
		assertHostileAnswerIsInert();
		this.browser.navigate().refresh();
		waitForScripts();
		assertHostileAnswerIsInert();
	}

	private void aModelServerFailureIsExplainedAndCanBeRetried() {
		this.simulator.fault(Fault.REFUSE_CONNECTIONS);
		try {
			WebElement prompt = this.browser.findElement(By.id("prompt"));
			waitFor("the Send button", () -> this.browser.findElement(By.id("send")).isEnabled());
			prompt.sendKeys("Are you there?", Keys.ENTER);
			waitFor("the error message", () -> this.browser.findElement(By.id("chat-error")).isDisplayed());
			assertThat(text(By.id("chat-error-text"))).as("a sentence a person can act on").isNotBlank()
				.doesNotContain("Exception");
			assertThat(this.browser.findElement(By.id("retry")).isDisplayed()).isTrue();
		}
		finally {
			this.simulator.fault(Fault.NONE);
		}
		int before = answers().size();
		this.browser.findElement(By.id("retry")).sendKeys(Keys.ENTER);
		waitFor("the retried answer", () -> answers().size() > before
				&& "complete".equals(lastAnswer().getDomAttribute("data-status")));
		assertThat(lastAnswer().getText()).contains("Are you there?");
		assertThat(this.browser.findElement(By.id("chat-error")).isDisplayed()).isFalse();
	}

	/**
	 * The page knows from the server whether an answer is running, so a quick typist's first message is sent even
	 * when nothing else has been loaded yet, and a chat where nothing runs is never asked about it.
	 */
	private void aFreshlyOpenedChatTakesTheFirstMessageAtOnce() {
		this.browser.get(this.browser.getCurrentUrl());
		int before = answers().size();
		this.browser.findElement(By.id("prompt")).sendKeys("Typed at once", Keys.ENTER);
		waitFor("the answer to the message typed at once", () -> answers().size() == before + 1
				&& "complete".equals(lastAnswer().getDomAttribute("data-status")));
		assertThat(lastAnswer().getText()).contains("\"Typed at once\"");
		Object attachRequests = this.browser.executeScript("""
				return performance.getEntriesByType('resource')
					.filter(function (entry) { return entry.name.indexOf('/generation') >= 0; }).length;""");
		assertThat(attachRequests).as("requests to follow a running answer, where none ran").isEqualTo(0L);
	}

	/**
	 * The reader of the original page (static/js/chat.js of the system description) on our relayed stream: it
	 * splits what arrives on blank lines and keeps only the lines that start with {@code data: }, with the space.
	 * It gets the whole answer that is stored and shown after a reload.
	 */
	private void theOriginalPagesReaderGetsTheWholeAnswer() {
		Object read = this.browser.executeAsyncScript("""
				var finished = arguments[arguments.length - 1];
				var headers = { 'Content-Type': 'application/json' };
				headers[document.querySelector('meta[name=csrf-header]').content] =
					document.querySelector('meta[name=csrf-token]').content;
				var chatId = Number(window.location.pathname.match(/\\/chat\\/(\\d+)/)[1]);
				fetch('/api/stream', { method: 'POST', headers: headers,
						body: JSON.stringify({ chat_id: chatId, prompt: 'Read me the old way' }) })
					.then(async function (response) {
						var reader = response.body.getReader();
						var decoder = new TextDecoder();
						var buffer = '';
						var text = '';
						for (;;) {
							var piece = await reader.read();
							if (piece.done) {
								break;
							}
							buffer += decoder.decode(piece.value, { stream: true });
							var events = buffer.split('\\n\\n');
							buffer = events.pop();
							events.forEach(function (event) {
								event.split('\\n').forEach(function (line) {
									if (line.startsWith('data: ')) {
										var data = JSON.parse(line.slice(6));
										if (data.type === 'token') {
											text += data.chunk;
										}
									}
								});
							});
						}
						finished(text);
					})
					.catch(function (error) { finished('failed: ' + error); });""");
		assertThat((String) read).startsWith("Simulated answer").contains("Read me the old way");
		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(lastAnswerWhenItIs("complete")).isEqualTo(((String) read).strip());
	}

	private void assertHostileAnswerIsInert() {
		WebElement answer = lastAnswer();
		assertThat(this.browser.executeScript("return typeof window.__xss")).isEqualTo("undefined");
		assertThat(answer.findElements(By.tagName("script"))).isEmpty();
		assertThat(answer.findElements(By.cssSelector("[onerror]"))).isEmpty();
		assertThat(answer.findElements(By.tagName("img"))).as("images in written text are links, never fetched")
			.isEmpty();
		assertThat(answer.findElement(By.className("blocked-image")).getText()).contains("not loaded");
		assertThat(answer.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
		assertThat(answer.findElements(By.cssSelector("pre code.hljs"))).hasSize(1);
		assertThat(answer.findElement(By.className("copy-code")).getText()).isEqualTo("Copy");
		assertThat(answer.getText()).contains("<b>hello</b>");
	}

	private void thePageFitsAPhone() throws IOException {
		Dimension desktop = this.browser.manage().window().getSize();
		this.browser.manage().window().setSize(new Dimension(390, 844));
		try {
			this.browser.navigate().refresh();
			waitForScripts();
			Object overflow = this.browser
				.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
			assertThat(((Number) overflow).intValue()).as("horizontal overflow at a phone's width").isLessThanOrEqualTo(0);
			screenshot("chat-phone");
		}
		finally {
			this.browser.manage().window().setSize(desktop);
		}
	}

	private void noPageBrokeTheContentSecurityPolicy() {
		assertThat(this.chromium.contentSecurityPolicyReports()).isEmpty();
	}

	private void ask(String question) {
		WebElement prompt = this.browser.findElement(By.id("prompt"));
		waitFor("the Send button", () -> this.browser.findElement(By.id("send")).isEnabled());
		int before = answers().size();
		prompt.sendKeys(question, Keys.ENTER);
		waitFor("a new answer", () -> answers().size() == before + 1);
	}

	private String lastAnswerWhenItIs(String status) {
		waitFor("the answer to be " + status, () -> status.equals(lastAnswer().getDomAttribute("data-status")));
		return lastAnswer().findElement(By.className("markdown")).getText();
	}

	private WebElement lastAnswer() {
		List<WebElement> answers = answers();
		assertThat(answers).isNotEmpty();
		return answers.get(answers.size() - 1);
	}

	private List<WebElement> answers() {
		return messages("message-assistant");
	}

	private List<WebElement> messages(String kind) {
		return this.browser.findElements(By.cssSelector("#messages article." + kind));
	}

	private String text(By locator) {
		return this.chromium.text(locator);
	}

	private void waitForScripts() {
		this.chromium.waitForScripts();
	}

	private void waitFor(String what, BooleanSupplier condition) {
		this.chromium.waitFor(what, condition);
	}

	private void screenshot(String name) throws IOException {
		this.chromium.screenshot(name);
	}

}
