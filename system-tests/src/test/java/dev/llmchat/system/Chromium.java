package dev.llmchat.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.llmchat.testsupport.Prerequisite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven over WebDriver, with what every browser test needs: waiting for a condition or
 * for the page's scripts, screenshots, logging in, and the page's Content Security Policy reports.
 */
public final class Chromium implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/bin/chromium");

	private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final Path screenshots;

	private final Duration deadline;

	private Chromium(ChromeDriver driver, Path screenshots, Duration deadline) {
		this.driver = driver;
		this.screenshots = screenshots;
		this.deadline = deadline;
	}

	/**
	 * @param output where the browser's profile and the driver's log go
	 * @param screenshots where {@link #screenshot} writes
	 * @param deadline how long a wait or a script may take
	 */
	public static Chromium start(Path output, Path screenshots, Duration deadline) throws IOException {
		Files.createDirectories(output);
		Files.createDirectories(screenshots);
		Path profile = Files.createTempDirectory(output.toAbsolutePath(), "chromium-profile-");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(output.resolve("chromedriver.log").toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(deadline);
		return new Chromium(driver, screenshots, deadline);
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	public void waitFor(String what, BooleanSupplier condition) {
		new WebDriverWait(this.driver, this.deadline).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> condition.getAsBoolean());
	}

	/** Waits until the page has loaded and its scripts have set up the Markdown renderer. */
	public void waitForScripts() {
		new WebDriverWait(this.driver, this.deadline).until(ExpectedConditions
			.jsReturnsValue("return document.readyState === 'complete' && window.LlmRender ? true : null"));
	}

	public String text(By locator) {
		return this.driver.findElement(locator).getText().strip();
	}

	public void screenshot(String name) throws IOException {
		File shot = this.driver.getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), this.screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	/** Logs in on the login page at {@code frontendUrl} and waits for the dashboard. */
	public void logIn(String frontendUrl, String email, String password) {
		if (!this.driver.getCurrentUrl().endsWith("/login")) {
			this.driver.get(frontendUrl + "/login");
		}
		this.driver.findElement(By.id("email")).sendKeys(email);
		this.driver.findElement(By.id("password")).sendKeys(password, Keys.ENTER);
		waitFor("the dashboard", () -> this.driver.getCurrentUrl().endsWith("/dashboard"));
		assertThat(text(By.id("signed-in-as"))).isEqualTo(email);
	}

	/**
	 * The browser's reports of something the Content Security Policy refused. Chromium reports a violation whenever
	 * it parses an {@code on...} attribute, even inside DOMPurify's inert parsing document where nothing can run
	 * (checked without CSP too: the handler never runs); those reports, raised from purify.min.js, are left out.
	 */
	public List<String> contentSecurityPolicyReports() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused to"))
			.filter((message) -> !(message.contains("/dompurify/") && message.contains("inline event handler")))
			.toList();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	/** Debian's Chromium and its driver; nothing is ever downloaded. */
	public static final class Installed extends Prerequisite {

		@Override
		protected String missing() {
			for (Path tool : List.of(BINARY, DRIVER)) {
				if (!Files.isExecutable(tool)) {
					return tool + " is missing, so no browser test ran: install Debian's chromium and chromium-driver "
							+ "(apt-get install chromium chromium-driver)";
				}
			}
			return null;
		}

	}

}
