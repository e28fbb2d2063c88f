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

import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.llmchat.testsupport.Prerequisite;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with a fresh profile: nothing is ever
 * downloaded, and the driver always matches the browser. Also the waits and screenshots the browser tests share.
 */
final class Chromium {

	private static final Path BINARY = Path.of("/usr/bin/chromium");

	private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private Chromium() {
	}

	/**
	 * A browser in English, 1280x900, that logs the console (to find CSP reports); its profile and driver log go
	 * under {@code output}.
	 */
	static ChromeDriver start(Path output, Duration scriptTimeout) throws IOException {
		Path profile = Files.createTempDirectory(output.toAbsolutePath(), "chromium-profile-");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(output.resolve("chromedriver-" + profile.getFileName() + ".log").toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(scriptTimeout);
		return driver;
	}

	/** Waits until the condition holds, reading the page again when an element went stale meanwhile. */
	static void waitFor(WebDriver browser, Duration deadline, String what, BooleanSupplier condition) {
		new WebDriverWait(browser, deadline).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> condition.getAsBoolean());
	}

	/** Waits until the page is loaded and its scripts ran. */
	static void waitForScripts(WebDriver browser, Duration deadline) {
		new WebDriverWait(browser, deadline).until(ExpectedConditions
			.jsReturnsValue("return document.readyState === 'complete' && window.LlmRender ? true : null"));
	}

	/**
	 * The console's reports of what the Content Security Policy refused since the last call. Chromium reports a
	 * violation whenever it parses an {@code on...} attribute, even inside DOMPurify's inert parsing document where
	 * nothing can run (checked without CSP too: the handler never runs); those reports, raised from purify.min.js by
	 * hostile text, are left out: any other is a defect.
	 */
	static List<String> contentSecurityPolicyReports(ChromeDriver browser) {
		return browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused to"))
			.filter((message) -> !(message.contains("/dompurify/") && message.contains("inline event handler")))
			.toList();
	}

	static void screenshot(ChromeDriver browser, Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		File shot = browser.getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
	}

	/** Debian's Chromium and its driver are installed; without them no browser test runs. */
	static final class Installed extends Prerequisite {

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
