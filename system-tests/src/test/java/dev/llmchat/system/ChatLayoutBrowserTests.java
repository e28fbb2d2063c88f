package dev.llmchat.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.llmchat.simulator.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page's layout in Debian's Chromium, against the packaged backend and frontend: the chats in a sidebar
 * (new chat without a form, search, rename, delete), the conversation that scrolls under a prompt box that stays,
 * following an answer unless the person scrolled up, a phone-sized window, Portuguese, tables, math and code.
 * Screenshots of the page go to {@code target/screenshots} (the README's {@code docs/screenshots} are copies).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Chromium.Installed.class)
class ChatLayoutBrowserTests {

	private static final Path OUTPUT = Path.of("target", "layout");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration START_DEADLINE = Duration.ofSeconds(300);

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Dimension DESKTOP = new Dimension(1280, 900);

	@AutoClose
	private TestStack stack;

	@AutoClose
	private Chromium chromium;

	private ChromeDriver browser;

	@BeforeAll
	void startEverything() throws IOException {
		this.stack = TestStack.start(SimulatorConfig.defaults().withTokensPerSecond(40), OUTPUT, "", START_DEADLINE);
		this.chromium = Chromium.start(OUTPUT, SCREENSHOTS, DEADLINE);
		this.browser = this.chromium.driver();
		signUp("layout-" + System.nanoTime() + "@example.org", "a long enough password");
	}

	@BeforeEach
	void desktopInEnglishAndLight() {
		this.browser.manage().window().setSize(DESKTOP);
		this.browser.executeCdpCommand("Network.enable", Map.of());
		this.browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
		this.browser.get(this.stack.frontendUrl() + "/chat/new");
		this.browser.executeScript("window.localStorage.setItem('llmchat-theme', 'light');");
	}

	@Test
	void aNewChatOpensWithoutAFormAndIsCreatedOnlyWhenItsFirstMessageIsSent() {
		openNewChatFromTheSidebar();
		int chatsBefore = sidebarChats().size();
		assertThat(this.browser.getCurrentUrl()).endsWith("/chat/new");
		assertThat(this.browser.findElements(By.cssSelector("#chat-list [aria-current=page]"))).isEmpty();

		// opened and left: nothing is stored
		this.browser.get(this.stack.frontendUrl() + "/chat/new");
		waitForScripts();
		assertThat(sidebarChats()).hasSize(chatsBefore);

		ask("Hello from a new chat");
		waitFor("the address of the created chat", () -> this.browser.getCurrentUrl().matches(".*/chat/\\d+$"));
		String chatId = this.browser.getCurrentUrl().replaceAll(".*/chat/", "");
		lastAnswerWhenItIs("complete");
		waitFor("the new chat on top of the list, marked as the current one", () -> sidebarChats().size() == chatsBefore + 1
				&& chatId.equals(sidebarChats().get(0).getDomAttribute("data-chat-id"))
				&& "page".equals(sidebarChats().get(0).findElement(By.className("chat-link")).getDomAttribute("aria-current")));
		assertThat(this.browser.findElement(By.id("history-link")).isDisplayed()).isTrue();

		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(this.browser.getCurrentUrl()).endsWith("/chat/" + chatId);
		assertThat(this.browser.findElements(By.cssSelector("#messages article.message"))).hasSize(2);
	}

	@Test
	void theSidebarSearchesRenamesAndDeletesInPlace() {
		String first = newChatNamed("Lisbon trip " + System.nanoTime());
		String second = newChatNamed("Porto trip " + System.nanoTime());

		WebElement search = this.browser.findElement(By.id("chat-search-input"));
		search.sendKeys("Lisbon trip");
		waitFor("only the matching chat", () -> sidebarChats().size() == 1
				&& first.equals(sidebarChats().get(0).getDomAttribute("data-chat-id")));
		waitFor("the number found announced", () -> text(By.id("sidebar-status")).contains("found"));
		search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "no such chat anywhere");
		waitFor("no match said as such", () -> sidebarChats().isEmpty()
				&& "No chat matches this search.".equals(text(By.id("sidebar-empty"))));
		search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
		waitFor("the whole list again", () -> sidebarChats().size() >= 2);

		// rename the current chat with the keyboard: its heading follows
		WebElement current = sidebarChat(second);
		current.findElement(By.className("chat-rename")).sendKeys(Keys.ENTER);
		WebElement input = current.findElement(By.className("chat-title-input"));
		assertThat(this.browser.switchTo().activeElement()).isEqualTo(input);
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Coimbra weekend", Keys.ENTER);
		waitFor("the new title in the list and the heading", () -> "Coimbra weekend".equals(
				sidebarChat(second).findElement(By.className("chat-link")).getText())
				&& "Coimbra weekend".equals(text(By.id("chat-heading"))));
		assertThat(this.browser.getTitle()).isEqualTo("Coimbra weekend · llmchat");

		// Escape gives up a rename
		sidebarChat(first).findElement(By.className("chat-rename")).click();
		sidebarChat(first).findElement(By.className("chat-title-input")).sendKeys("never saved", Keys.ESCAPE);
		assertThat(sidebarChat(first).findElement(By.className("chat-link")).getText()).startsWith("Lisbon trip");

		// delete asks first; saying no keeps the chat
		sidebarChat(first).findElement(By.className("chat-delete")).click();
		assertThat(this.browser.switchTo().alert().getText()).contains("Lisbon trip").contains("cannot be undone");
		this.browser.switchTo().alert().dismiss();
		assertThat(sidebarChat(first)).isNotNull();
		sidebarChat(first).findElement(By.className("chat-delete")).click();
		this.browser.switchTo().alert().accept();
		waitFor("the deleted chat gone from the list", () -> this.browser
			.findElements(By.cssSelector("#chat-list li[data-chat-id='" + first + "']"))
			.isEmpty());
		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(this.browser.findElements(By.cssSelector("#chat-list li[data-chat-id='" + first + "']"))).isEmpty();

		// deleting the chat on screen leaves for a new one
		sidebarChat(second).findElement(By.className("chat-delete")).click();
		this.browser.switchTo().alert().accept();
		waitFor("a new chat after deleting the current one", () -> this.browser.getCurrentUrl().endsWith("/chat/new"));
	}

	@Test
	void thePromptBoxStaysAndTheConversationFollowsUnlessThePersonScrolledUp() throws IOException {
		openNewChatFromTheSidebar();
		for (int i = 1; i <= 4; i++) {
			ask("Question " + i + " [[sim:tokens=60]]");
			lastAnswerWhenItIs("complete");
		}
		assertThat(promptBoxInView()).as("the prompt box after a long conversation").isTrue();
		assertThat(number("return window.scrollY")).as("the page itself does not scroll").isZero();
		assertThat(number("return document.getElementById('conversation').scrollHeight - document.getElementById('conversation').clientHeight"))
			.as("the conversation scrolls").isPositive();

		ask("A long one [[sim:tokens=500]]");
		waitFor("the answer under way and followed", () -> "streaming".equals(lastAnswer().getDomAttribute("data-status"))
				&& lastAnswer().getText().contains("lorem") && distanceFromBottom() <= 48);
		waitFor("more text still followed", () -> lastAnswer().getText().split("\\s+").length > 120
				&& distanceFromBottom() <= 48);
		assertThat(this.browser.findElement(By.id("jump-latest")).isDisplayed()).isFalse();

		this.browser.executeScript("document.getElementById('conversation').scrollTop = 0;");
		WebElement jump = this.browser.findElement(By.id("jump-latest"));
		waitFor("Jump to latest offered", jump::isDisplayed);
		waitFor("the new text below announced",
				() -> text(By.id("announcer")).startsWith("New text below. Use Jump to latest"));
		int wordsThen = lastAnswer().getText().split("\\s+").length;
		waitFor("the answer to grow meanwhile", () -> lastAnswer().getText().split("\\s+").length > wordsThen + 20);
		assertThat(number("return document.getElementById('conversation').scrollTop")).as("where the reader stayed")
			.isZero();
		assertThat(promptBoxInView()).isTrue();

		jump.sendKeys(Keys.ENTER);
		waitFor("back at the latest text", () -> distanceFromBottom() <= 48 && !jump.isDisplayed());
		lastAnswerWhenItIs("complete");
		assertThat(distanceFromBottom()).as("followed to the end").isLessThanOrEqualTo(48);
	}

	@Test
	void onAPhoneTheChatsFoldAwayBehindAButton() throws IOException {
		newChatNamed("Phone chat");
		this.browser.manage().window().setSize(new Dimension(390, 844));
		this.browser.navigate().refresh();
		waitForScripts();
		WebElement sidebar = this.browser.findElement(By.id("sidebar"));
		WebElement toggle = this.browser.findElement(By.id("sidebar-toggle"));
		assertThat(sidebar.isDisplayed()).as("folded away").isFalse();
		assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
		assertThat(promptBoxInView()).isTrue();
		assertThat(number("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
			.as("nothing wider than the phone").isLessThanOrEqualTo(0);

		toggle.sendKeys(Keys.ENTER);
		waitFor("the chats shown", sidebar::isDisplayed);
		assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
		assertThat(this.browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("chat-search-input");
		waitFor("the panel slid in", () -> number("return document.getElementById('sidebar').getBoundingClientRect().left") == 0);
		this.chromium.screenshot("chat-phone-sidebar");

		this.browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
		waitFor("the chats folded again", () -> !sidebar.isDisplayed());
		assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
		assertThat(this.browser.switchTo().activeElement()).as("focus back on the button").isEqualTo(toggle);

		toggle.click();
		waitFor("the chats shown again", sidebar::isDisplayed);
		this.browser.findElement(By.id("sidebar-close")).click();
		waitFor("closed with its button", () -> !sidebar.isDisplayed());
	}

	@Test
	void tablesMathAndCodeRenderAndTheCodeCanBeCopied() throws IOException {
		this.browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", this.stack.frontendUrl(),
				"permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
		openNewChatFromTheSidebar();
		String message = String.join("\n", "| Planet | Moons |", "|---|---:|", "| Earth | 1 |", "| Mars | 2 |", "",
				"Euler: $e^{i\\pi} + 1 = 0$ and \\(a^2 + b^2 = c^2\\), but $5 and $6 stay money.", "",
				"$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$", "", "```python", "print('$x$ stays code')", "```",
				"[[sim:tokens=12]]");
		this.browser.executeScript("document.getElementById('prompt').value = arguments[0];", message);
		this.browser.findElement(By.id("send")).click();
		waitFor("the answer", () -> !answers().isEmpty());
		lastAnswerWhenItIs("complete");
		WebElement asked = this.browser.findElement(By.cssSelector("#messages article.message-user"));

		assertThat(asked.findElements(By.cssSelector(".table-scroll table th"))).extracting(WebElement::getText)
			.containsExactly("Planet", "Moons");
		assertThat(asked.findElements(By.cssSelector("table tbody tr"))).hasSize(2);
		assertThat(asked.findElements(By.cssSelector("span.math-tex .katex"))).as("inline formulas").hasSize(2);
		assertThat(asked.findElements(By.cssSelector("div.math-tex .katex-display"))).as("a displayed formula")
			.hasSize(1);
		assertThat(asked.findElements(By.cssSelector(".katex math"))).as("MathML for screen readers").hasSize(3);
		assertThat(asked.getText()).contains("but $5 and $6 stay money.");
		WebElement code = asked.findElement(By.cssSelector("pre code"));
		assertThat(code.getText()).isEqualTo("print('$x$ stays code')");
		assertThat(code.findElements(By.className("katex"))).isEmpty();
		rename(this.browser.getCurrentUrl().replaceAll(".*/chat/", ""), "Planets, Euler and a bit of Python");
		this.browser.executeScript("arguments[0].scrollIntoView({ block: 'start' });", asked);
		this.chromium.screenshot("chat-light");

		WebElement copy = asked.findElement(By.className("copy-code"));
		assertThat(copy.getDomAttribute("aria-label")).isEqualTo("Copy the code");
		copy.sendKeys(Keys.ENTER);
		waitFor("the Copied state", () -> "Copied".equals(copy.getText()));
		Object copied = this.browser.executeAsyncScript(
				"var done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, function (e) { done('failed: ' + e); });");
		assertThat(copied).isEqualTo("print('$x$ stays code')\n");
		waitFor("the Copy label back", () -> "Copy".equals(copy.getText()));

		this.browser.findElement(By.id("theme-toggle")).click();
		waitFor("the dark theme", () -> "dark".equals(
				this.browser.findElement(By.tagName("html")).getDomAttribute("data-bs-theme")));
		this.chromium.screenshot("chat-dark");
		this.browser.findElement(By.id("theme-toggle")).click();
		assertThat(this.chromium.contentSecurityPolicyReports()).as("KaTeX under the CSP").isEmpty();
	}

	@Test
	void aNewChatIsNamedByItsQuestionThenByTheModelWithoutAReload() {
		openNewChatFromTheSidebar();
		ask("Plan a weekend in Porto [[sim:tokens=8]]");
		lastAnswerWhenItIs("complete");
		waitFor("the chat's address", () -> this.browser.getCurrentUrl().matches(".*/chat/\\d+$"));
		String chatId = this.browser.getCurrentUrl().replaceAll(".*/chat/", "");
		// the first words of the question at once, then the title the model wrote in the background
		waitFor("the model's title in the heading and the sidebar", () -> {
			String heading = text(By.id("chat-heading"));
			String listed = sidebarChat(chatId).findElement(By.className("chat-link")).getDomProperty("textContent");
			return !heading.isEmpty() && !heading.equals("New chat") && !heading.startsWith("Plan a weekend in Porto")
					&& heading.equals(listed.strip());
		});
		assertThat(text(By.id("chat-heading")).length()).isLessThanOrEqualTo(60);
	}

	@Test
	void theChatPageSpeaksPortuguese() {
		newChatNamed("Conversa em português");
		this.browser.executeCdpCommand("Network.setExtraHTTPHeaders",
				Map.of("headers", Map.of("Accept-Language", "pt-BR,pt;q=0.9")));
		this.browser.navigate().refresh();
		waitForScripts();
		assertThat(text(By.id("new-chat"))).isEqualTo("Nova conversa");
		assertThat(this.browser.findElement(By.id("chat-search-input")).getDomAttribute("placeholder"))
			.isEqualTo("Buscar conversas");
		assertThat(this.browser.findElement(By.id("send")).getText()).isEqualTo("Enviar");
		assertThat(this.browser.findElement(By.id("jump-latest")).getDomProperty("textContent"))
			.isEqualTo("Ir para o fim");
		assertThat(this.browser.findElement(By.id("sidebar")).getDomAttribute("aria-label")).isEqualTo("Suas conversas");

		this.browser.findElement(By.id("chat-search-input")).sendKeys("português");
		waitFor("the list drawn again by the script, in Portuguese", () -> sidebarChats().size() == 1
				&& text(By.id("sidebar-status")).equals("1 conversa encontrada."));
		assertThat(sidebarChats().get(0).findElement(By.className("chat-delete")).getDomAttribute("aria-label"))
			.isEqualTo("Excluir a conversa \"Conversa em português\"");
	}

	// ---- helpers ----

	private void signUp(String email, String password) {
		this.browser.get(this.stack.frontendUrl() + "/register");
		this.browser.findElement(By.id("email")).sendKeys(email);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("password")).submit();
		waitFor("the login page after registering", () -> this.browser.getCurrentUrl().endsWith("/login"));
		this.browser.findElement(By.id("email")).sendKeys(email);
		this.browser.findElement(By.id("password")).sendKeys(password, Keys.ENTER);
		waitFor("the dashboard", () -> this.browser.getCurrentUrl().endsWith("/dashboard"));
	}

	private void openNewChatFromTheSidebar() {
		this.browser.get(this.stack.frontendUrl() + "/chat/new");
		waitForScripts();
		this.browser.findElement(By.id("new-chat")).click();
		waitFor("an empty new chat", () -> this.browser.getCurrentUrl().endsWith("/chat/new")
				&& !this.browser.findElements(By.id("no-messages")).isEmpty());
		waitForScripts();
	}

	/** A chat with one exchange, renamed in the sidebar; its id. */
	private String newChatNamed(String title) {
		openNewChatFromTheSidebar();
		ask("Start " + title + " [[sim:tokens=8]]");
		lastAnswerWhenItIs("complete");
		waitFor("the chat's address", () -> this.browser.getCurrentUrl().matches(".*/chat/\\d+$"));
		String chatId = this.browser.getCurrentUrl().replaceAll(".*/chat/", "");
		rename(chatId, title);
		return chatId;
	}

	/** Renames the chat on screen in the sidebar. */
	private void rename(String chatId, String title) {
		WebElement item = sidebarChat(chatId);
		item.findElement(By.className("chat-rename")).click();
		item.findElement(By.className("chat-title-input")).sendKeys(Keys.chord(Keys.CONTROL, "a"), title, Keys.ENTER);
		waitFor("the chat named " + title, () -> title.equals(text(By.id("chat-heading"))));
	}

	private void ask(String question) {
		waitFor("the Send button", () -> this.browser.findElement(By.id("send")).isEnabled());
		int before = answers().size();
		this.browser.findElement(By.id("prompt")).sendKeys(question, Keys.ENTER);
		waitFor("a new answer", () -> answers().size() == before + 1);
	}

	private void lastAnswerWhenItIs(String status) {
		waitFor("the answer to be " + status, () -> status.equals(lastAnswer().getDomAttribute("data-status")));
	}

	private WebElement lastAnswer() {
		List<WebElement> answers = answers();
		return answers.get(answers.size() - 1);
	}

	private List<WebElement> answers() {
		return this.browser.findElements(By.cssSelector("#messages article.message-assistant"));
	}

	private List<WebElement> sidebarChats() {
		return this.browser.findElements(By.cssSelector("#chat-list li.chat-item"));
	}

	private WebElement sidebarChat(String chatId) {
		return this.browser.findElement(By.cssSelector("#chat-list li[data-chat-id='" + chatId + "']"));
	}

	private boolean promptBoxInView() {
		return Boolean.TRUE.equals(this.browser.executeScript("""
				var box = document.getElementById('prompt-form').getBoundingClientRect();
				return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;"""));
	}

	private long distanceFromBottom() {
		return number("var c = document.getElementById('conversation'); return Math.round(c.scrollHeight - c.scrollTop - c.clientHeight);");
	}

	private long number(String script) {
		return ((Number) this.browser.executeScript(script)).longValue();
	}

	private String text(By locator) {
		return this.browser.findElement(locator).getDomProperty("textContent").strip();
	}

	private void waitForScripts() {
		this.chromium.waitForScripts();
	}

	private void waitFor(String what, BooleanSupplier condition) {
		this.chromium.waitFor(what, condition);
	}

}
