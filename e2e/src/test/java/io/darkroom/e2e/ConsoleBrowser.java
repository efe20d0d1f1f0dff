package io.darkroom.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) on the console of a
 * {@link Darkroom}, with a fresh profile and its own download folder. Without a Chromium on the machine the test
 * is skipped, and says so in the log; CI installs one ({@code .ci/run}).
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsoleBrowser.class);
    static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;
    private final String consoleUrl;

    private ConsoleBrowser(Path chromium, Path chromedriver, String baseUrl) throws IOException {
        profile = Files.createTempDirectory("console-chromium-profile");
        downloads = Files.createTempDirectory("console-downloads");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
        driver = new ChromeDriver(service, options);
        consoleUrl = baseUrl + "/console/";
    }

    /** Opens Chromium, or skips the calling test (logged) when this machine has none. */
    static ConsoleBrowser open(Darkroom darkroom) {
        Path chromium = firstExisting(System.getenv("CHROMIUM_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path chromedriver = firstExisting(System.getenv("CHROMEDRIVER_BIN"), "/usr/bin/chromedriver");
        if (chromium == null || chromedriver == null) {
            log.warn("SKIPPED: the console's browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)");
        }
        assumeTrue(chromium != null && chromedriver != null, "no chromium or chromedriver on this machine");
        try {
            return new ConsoleBrowser(chromium, chromedriver, darkroom.baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path firstExisting(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** Loads the console, once: in a new browser, a first visit with nothing cached. */
    void load() {
        driver.get(consoleUrl);
        until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    /** Loads the console afresh, signed out. */
    void openSignedOut() {
        driver.get(consoleUrl);
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    void signIn(String key) {
        openSignedOut();
        type(By.id("api-key"), key);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav[aria-label=Console]")));
    }

    /** Goes to a page of the console by its link in the navigation, as a user would. */
    void goTo(String linkText) {
        driver.findElement(By.linkText(linkText)).click();
        until(ExpectedConditions.textToBe(By.cssSelector("main h1"), linkText));
    }

    void type(By field, String text) {
        WebElement element = driver.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    <T> T until(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100)).until(condition);
    }

    /** Saves what the browser shows as {@code target/console-screenshots/<name>.png}. */
    void screenshot(String name) {
        driver.executeScript("window.scrollTo(0, 0)");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same, at a phone's width (390 px), then back to 1280 px. */
    void phoneScreenshot(String name) {
        Dimension desktop = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(desktop);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
