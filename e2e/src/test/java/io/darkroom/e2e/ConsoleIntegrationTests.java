package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.worker.settings.ProviderDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console in a real headless Chromium against a whole Darkroom: each test does what a user would, through
 * the page, and saves screenshots of what it saw in {@code target/console-screenshots/}.
 */
class ConsoleIntegrationTests {

    private static final Darkroom darkroom = Darkroom.shared();
    private static ApiKeys.Key key;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void openTheBrowser() {
        browser = ConsoleBrowser.open(darkroom);
        key = ApiKeys.create(darkroom, "console");
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void signingInWithAKeyOpensThePlayground() {
        browser.openSignedOut();
        browser.screenshot("sign-in");

        browser.signIn(key.secret());

        assertThat(browser.driver.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Playground");
        assertThat(browser.driver.executeScript("return sessionStorage.getItem('darkroom.apiKey')")).isEqualTo(key.secret());
        browser.until(driver -> !new Select(driver.findElement(By.id("model"))).getOptions().isEmpty());
    }

    @Test
    void aBadKeyShowsTheApisErrorAndStaysOnTheSignInPage() {
        browser.openSignedOut();
        browser.type(By.id("api-key"), "dr_not_a_key_of_this_darkroom");
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement alert = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(alert.getText()).contains("Error 401").contains("Incorrect API key provided.").contains("invalid_api_key");
        assertThat(browser.driver.findElements(By.cssSelector("nav[aria-label=Console]"))).isEmpty();
        assertThat(browser.driver.executeScript("return sessionStorage.getItem('darkroom.apiKey')")).isNull();
        browser.screenshot("sign-in-bad-key");
    }

    @Test
    void generatingAnImageInThePlaygroundRendersItWithItsCostLatencyAndProvider() {
        browser.signIn(key.secret());
        fillPlayground("a lighthouse in a storm, rendered in the playground");
        uncheck(By.id("stream"));

        browser.driver.findElement(By.cssSelector("form[aria-label='Generation settings'] button[type=submit]")).click();

        WebElement image = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview img[data-kind=final]")));
        browser.until(driver -> rendered(image));
        assertThat(image.getAttribute("src")).contains("/hosted/");
        WebElement provider = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-fact=provider]")));
        assertThat(provider.getText()).isEqualTo("local");
        assertThat(browser.driver.findElement(By.cssSelector("[data-fact=cost]")).getText()).startsWith("$");
        assertThat(browser.driver.findElement(By.cssSelector("[data-fact=latency]")).getText()).endsWith("s");
        browser.screenshot("playground");
        browser.phoneScreenshot("playground-phone");
    }

    @Test
    void aStreamedGenerationShowsAPartialImageBeforeTheFinalOne() {
        browser.signIn(key.secret());
        fillPlayground("a fox in the snow, streamed");
        new Select(browser.driver.findElement(By.id("partials"))).selectByVisibleText("3 partials");
        // Records every picture the preview shows, in order, as the page shows them.
        browser.driver.executeScript("""
                window.shown = [];
                new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
                  if (node.tagName === 'IMG') window.shown.push(node.dataset.kind);
                }))).observe(document.getElementById('preview'), {childList: true});""");

        browser.driver.findElement(By.cssSelector("form[aria-label='Generation settings'] button[type=submit]")).click();

        WebElement image = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview img[data-kind=final]")));
        browser.until(driver -> rendered(image));
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) browser.driver.executeScript("return window.shown");
        assertThat(shown).first().isEqualTo("partial");
        assertThat(shown).last().isEqualTo("final");
        // the page may reuse one <img> for consecutive partials, so the observer sees at least one; the page counts them all
        assertThat(shown).contains("partial");
        assertThat(browser.driver.findElement(By.cssSelector("[data-partials]")).getText()).contains("3 partial images streamed");
        browser.until(ExpectedConditions.textToBe(By.cssSelector("[data-fact=provider]"), "local"));
    }

    @Test
    void anImageDroppedInThePlaygroundWithAPaintedMaskIsEdited() throws IOException {
        browser.signIn(key.secret());
        fillPlayground("the same harbour, edited under the mask");
        uncheck(By.id("stream"));
        Path input = Files.createTempFile("input", ".png");
        Files.write(input, Images.solidPng(256, 256, 0xFF336699, false));

        browser.driver.findElement(By.id("edit-images")).sendKeys(input.toString());
        WebElement mask = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".mask-stage canvas")));
        new Actions(browser.driver).moveToElement(mask).clickAndHold().moveByOffset(40, 10).moveByOffset(-20, 30).release().perform();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".mask-editor"), "The painted area will be edited."));
        browser.driver.findElement(By.xpath("//button[text()='Edit image']")).click();

        WebElement image = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview img[data-kind=final]")));
        browser.until(driver -> rendered(image));
        browser.until(ExpectedConditions.textToBe(By.cssSelector("[data-fact=provider]"), "local"));
        browser.screenshot("playground-edit");
    }

    @Test
    void aJobSubmittedElsewhereAppearsInTheJobsListWithoutReloading() {
        browser.signIn(key.secret());
        browser.goTo("Jobs");
        browser.driver.executeScript("window.notReloaded = true");

        String jobId = darkroom.json(darkroom.post("/v1/images/generations",
                "{\"model\": \"local/fast\", \"prompt\": \"a job from another client\", \"size\": \"256x256\"}",
                auth(key.secret(), "Prefer", "respond-async"))).get("id").asString();

        WebElement row = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-job-id='" + jobId + "']")));
        browser.until(ExpectedConditions.textToBePresentInElement(row, "succeeded"));
        assertThat(browser.driver.executeScript("return window.notReloaded")).isEqualTo(true);
        browser.screenshot("jobs");

        row.findElement(By.linkText(jobId)).click();
        browser.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Job " + jobId));
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".thumbs img")));
        browser.screenshot("job");
    }

    @Test
    void aTwentyLineBatchReachesOneHundredPercentAndItsOutputDownloads() throws IOException {
        browser.signIn(key.secret());
        browser.goTo("Batches");
        Path csv = Files.createTempFile("prompts", ".csv");
        Files.writeString(csv, "custom_id,prompt,model,size\n" + IntStream.rangeClosed(1, 20)
                .mapToObj(line -> "line-" + line + ",\"a harbour at dawn, number " + line + "\",local/fast,256x256")
                .collect(Collectors.joining("\n")));

        browser.driver.findElement(By.id("batch-file")).sendKeys(csv.toString());
        browser.driver.findElement(By.cssSelector("form[aria-label='New batch'] button[type=submit]")).click();

        WebElement batch = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article[data-batch-id]")));
        browser.until(driver -> "100".equals(batch.findElement(By.cssSelector("[role=progressbar]")).getAttribute("aria-valuenow")));
        assertThat(batch.findElement(By.cssSelector(".counts")).getText()).isEqualTo("20 succeeded, 0 failed, of 20");
        WebElement downloadOutput = browser.until(driver -> batch.findElement(By.xpath(".//button[text()='Download output']")));
        browser.screenshot("batches");

        downloadOutput.click();

        Path output = browser.until(driver -> downloaded(".jsonl"));
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(20);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("\"status_code\":200").contains("/hosted/"));
    }

    @Test
    void theUsagePageChartsTheKeysImagesPerDayByModelAndProvider() {
        darkroom.post("/v1/images/generations", "{\"model\": \"local/fast\", \"prompt\": \"counted\", \"size\": \"256x256\"}",
                auth(key.secret()));
        browser.signIn(key.secret());

        browser.goTo("Usage");

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".legend"), "local/fast · local"));
        assertThat(browser.driver.findElements(By.cssSelector("svg.chart rect"))).isNotEmpty();
        browser.screenshot("usage");
    }

    @Test
    void aWebhookEndpointCreatedInTheConsoleIsListedAndCanBeDisabled() {
        ApiKeys.Key hooks = ApiKeys.create(darkroom, "console-webhooks");
        browser.signIn(hooks.secret());
        browser.goTo("Webhooks");

        browser.driver.findElement(By.xpath("//button[text()='New endpoint']")).click();
        browser.type(By.id("endpoint-url"), "https://hooks.example.com/darkroom");
        browser.driver.findElement(By.id("event-job.succeeded")).click();
        browser.driver.findElement(By.xpath("//button[text()='Create endpoint']")).click();

        WebElement row = browser.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tr[.//code[text()='https://hooks.example.com/darkroom']]")));
        assertThat(row.getText()).contains("job.succeeded").contains("whsec_").contains("enabled");
        row.findElement(By.xpath(".//button[text()='Disable']")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//tr[.//code[text()='https://hooks.example.com/darkroom']]"), "disabled"));
        browser.screenshot("webhooks");
    }

    @Test
    void theProvidersPageShowsEachProvidersCircuitAndWithTheAdminTokenItsWorkersPermitsQueuesAndTheKeys() {
        browser.signIn(key.secret());
        browser.goTo("Providers & queues");

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-provider=local]"), "closed"));
        browser.type(By.id("admin-token"), Darkroom.ADMIN_TOKEN);
        browser.driver.findElement(By.cssSelector("form[aria-label='Admin token'] button[type=submit]")).click();

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".admin-panels"), key.id()));
        int concurrency = darkroom.workerBean(ProviderDirectory.class).settings("local").concurrency();
        browser.until(ExpectedConditions.textMatches(By.cssSelector("tr[data-provider=local] td.permits"),
                java.util.regex.Pattern.compile("^\\d+ / " + concurrency + "$")));
        browser.until(ExpectedConditions.textMatches(By.cssSelector("tr[data-provider=local] .queue[data-lane=interactive]"),
                java.util.regex.Pattern.compile("^interactive \\d+$")));
        browser.until(ExpectedConditions.textMatches(By.cssSelector("tr[data-provider=local] .queue[data-lane=bulk]"),
                java.util.regex.Pattern.compile("^bulk (\\d+|—)$")));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-provider=local] td.workers"), "worker_"));
        browser.screenshot("providers");
        browser.phoneScreenshot("providers-phone");
    }

    @Test
    void theFirstLoadIsThreeFilesUnderOneHundredKilobytesInteractiveWithinSeconds() throws IOException {
        try (ConsoleBrowser cold = ConsoleBrowser.open(darkroom)) {
            cold.load();

            @SuppressWarnings("unchecked")
            Map<String, Object> load = (Map<String, Object>) cold.driver.executeScript("""
                    const page = performance.getEntriesByType('navigation')[0];
                    const files = performance.getEntriesByType('resource');
                    return {
                      files: files.length + 1,
                      bytes: files.reduce((sum, file) => sum + file.transferSize, page.transferSize),
                      bodyBytes: files.reduce((sum, file) => sum + file.encodedBodySize, page.encodedBodySize),
                      interactiveMs: Math.round(performance.getEntriesByName('console-interactive')[0].startTime),
                      loadMs: Math.round(page.loadEventEnd)
                    };""");
            Files.createDirectories(ConsoleBrowser.SCREENSHOTS);
            Files.writeString(ConsoleBrowser.SCREENSHOTS.resolve("first-load.json"),
                    JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(load));

            assertThat(((Number) load.get("files")).intValue()).isEqualTo(3);
            assertThat(((Number) load.get("bytes")).longValue()).isBetween(10_000L, 100_000L);
            assertThat(((Number) load.get("interactiveMs")).longValue()).isLessThan(5_000);
        }
    }

    private static void fillPlayground(String prompt) {
        browser.until(driver -> !new Select(driver.findElement(By.id("model"))).getOptions().isEmpty());
        new Select(browser.driver.findElement(By.id("model"))).selectByVisibleText("local/fast");
        new Select(browser.driver.findElement(By.id("size"))).selectByVisibleText("256x256");
        browser.type(By.id("prompt"), prompt);
    }

    private static void uncheck(By checkbox) {
        WebElement box = browser.driver.findElement(checkbox);
        if (box.isSelected()) {
            box.click();
        }
    }

    private static boolean rendered(WebElement image) {
        return Boolean.TRUE.equals(browser.driver.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", image));
    }

    /** The finished download whose name ends so, or null while there is none yet. */
    private static Path downloaded(String ending) {
        try (Stream<Path> files = Files.list(browser.downloads)) {
            return files.filter(file -> file.getFileName().toString().endsWith(ending)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
