package io.xsen.orchestrator.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium for the browser tests: starts it, presses
 * buttons and follows links waiting for the next page, and keeps screenshots under
 * {@code target/}.
 */
public final class HeadlessChromium {

	private HeadlessChromium() {
	}

	/**
	 * Starts Chromium ({@code XSEN_TEST_CHROMIUM}, {@code XSEN_TEST_CHROMEDRIVER}
	 * override the Debian paths).
	 */
	public static WebDriver start() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(executable("XSEN_TEST_CHROMIUM", "/usr/bin/chromium"));
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(executable("XSEN_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")))
			.build();
		WebDriver browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return browser;
	}

	/** Clicks the button, then waits for the next page. */
	public static void press(WebDriver browser, String label) {
		leaveWith(browser, browser.findElement(By.xpath("//button[normalize-space(.)='" + label + "']")));
	}

	/**
	 * Clicks the control, then waits for the next page, so no assertion reads the page it
	 * left.
	 */
	public static void leaveWith(WebDriver browser, WebElement control) {
		WebElement page = browser.findElement(By.tagName("html"));
		control.click();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		wait.until(driver -> isGone(page));
		wait.until(
				driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
	}

	/** Keeps what the browser shows as {@code directory/name.png}. */
	public static void screenshot(WebDriver browser, Path directory, String name) {
		try {
			Files.createDirectories(directory);
			File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// Chromium reports a node of a page it left either as stale or as not in the
	// document.
	private static boolean isGone(WebElement element) {
		try {
			element.getTagName();
			return false;
		}
		catch (StaleElementReferenceException ex) {
			return true;
		}
		catch (WebDriverException ex) {
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	private static String executable(String variable, String fallback) {
		String configured = System.getenv(variable);
		return (configured != null && !configured.isBlank()) ? configured : fallback;
	}

}
