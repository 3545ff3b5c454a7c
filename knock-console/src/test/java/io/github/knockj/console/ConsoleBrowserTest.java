package io.github.knockj.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.knockj.core.DeliveryStatus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the console page in real headless Chromium (the distribution's {@code /usr/bin/chromium}
 * and {@code /usr/bin/chromedriver}). Skipped when chromedriver is absent, unless
 * {@code -Dknock.requireBrowser=true} (CI), which makes its absence a failure.
 */
class ConsoleBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    ConsoleFixture f;
    Path profile;
    WebDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!present && Boolean.getBoolean("knock.requireBrowser")) {
            fail("knock.requireBrowser is set but " + CHROMEDRIVER + " or " + CHROMIUM + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "no " + CHROMEDRIVER + "; install chromium and chromium-driver to run the browser test");

        f = new ConsoleFixture(request -> true);
        profile = Files.createTempDirectory("knock-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) driver.quit();
        if (f != null) f.close();
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void anOperatorFindsAFailedRunRetriesAnUndeliveredMessageAndPreviewsATemplate() throws Exception {
        driver.get(f.base());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        wait.until(ExpectedConditions.textMatches(By.id("queue"), java.util.regex.Pattern.compile("queue: 0 jobs")));

        // A failed run and its log, step by step.
        new Select(driver.findElement(By.id("runs-status"))).selectByVisibleText("FAILED");
        driver.findElement(By.cssSelector("#runs-filter button[type=submit]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-rows tr.run"), 1));
        WebElement failed = driver.findElement(By.cssSelector("#runs-rows tr.run"));
        assertThat(failed.getAttribute("data-status")).isEqualTo("FAILED");
        assertThat(failed.getText()).contains("digest", "ada");
        failed.click();
        WebElement renderFailed = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".log-entry[data-outcome=RENDER_FAILED]")));
        assertThat(renderFailed.getText()).contains("mail", "missing_title");
        assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("FAILED");

        // An undelivered message, its history, and a retry that delivers it.
        driver.findElement(By.cssSelector("nav .tab[data-tab=messages]")).click();
        WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#messages-rows tr.message[data-id='" + f.undeliveredId + "']")));
        assertThat(row.getText()).contains("UNDELIVERED", "email");
        row.click();
        wait.until(ExpectedConditions.textToBe(By.id("message-id"), f.undeliveredId));
        assertThat(driver.findElement(By.cssSelector(".history-entry[data-type=undelivered]")).getText()).contains("550 mailbox unavailable");
        assertThat(driver.findElement(By.id("detail-body")).getText()).as("the rendered content, and nothing else")
                .contains("Welcome, Ada").doesNotContain("null").doesNotContain("[object");
        f.providerFails.set(false);
        driver.findElement(By.id("retry")).click();
        wait.until(ExpectedConditions.textToBe(By.id("message-status"), "QUEUED"));
        f.kit.runDue();
        wait.until(ExpectedConditions.textToBe(By.id("message-status"), "DELIVERED"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".history-entry[data-type=delivered]")));
        assertThat(driver.findElements(By.id("retry"))).as("a delivered message has no retry").isEmpty();
        assertThat(f.notifier.messages().get(f.undeliveredId).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        screenshot("console-message.png");

        // A template preview with sample data: escaped as a send escapes it, HTML in a sandboxed frame.
        driver.findElement(By.cssSelector("nav .tab[data-tab=workflows]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".workflow[data-key=welcome] .preview-step"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-form")));
        WebElement recipient = driver.findElement(By.id("preview-recipient"));
        recipient.clear();
        recipient.sendKeys("ada");
        WebElement data = driver.findElement(By.id("preview-data"));
        data.clear();
        data.sendKeys("{\"note\": \"<b>bold</b><img src=x onerror=\\\"window.top.pwned=1\\\">\"}");
        driver.findElement(By.id("preview-render")).click();
        WebElement subject = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre.field[data-field=subject]")));
        assertThat(subject.getText()).isEqualTo("Welcome, Ada");
        WebElement frame = driver.findElement(By.id("preview-html"));
        assertThat(frame.getAttribute("sandbox")).isEmpty();
        assertThat(frame.getAttribute("srcdoc")).isEqualTo("<h1>Hello Ada</h1><p>&lt;b&gt;bold&lt;/b&gt;&lt;img src=x onerror=&quot;window.top.pwned=1&quot;&gt;</p>");
        driver.switchTo().frame(frame);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Hello Ada");
        assertThat(driver.findElement(By.tagName("p")).getText()).startsWith("<b>bold</b><img");
        driver.switchTo().defaultContent();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.pwned === undefined;")).isEqualTo(true);
        screenshot("console-preview.png");

        // A template that fails in strict mode says which field and why, on the page.
        new Select(driver.findElement(By.id("preview-workflow"))).selectByValue("digest");
        driver.findElement(By.id("preview-render")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-error")));
        assertThat(error.getText()).contains("field 'subject'", "missing_title");
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
