package io.github.knockj.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the inbox page in real headless Chromium (the distribution's {@code /usr/bin/chromium}
 * and {@code /usr/bin/chromedriver}). Skipped when chromedriver is absent, unless
 * {@code -Dknock.requireBrowser=true} (CI), which makes its absence a failure.
 */
class InboxBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    InboxServer server;
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

        server = InboxServer.start(InboxServer.Settings.defaults().withPort(0).withSeedHistory(false));
        profile = Files.createTempDirectory("knock-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,860",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) driver.quit();
        if (server != null) server.close();
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void theBadgeRisesLiveAndFallsWhenAnItemIsRead() throws Exception {
        for (int i = 1; i <= 9; i++) DemoData.comment(server.notifier(), "bob", "launch-plan", "Draft " + i + " is up.");
        FeedApiTest.eventually(() -> server.notifier().feed("ada", "in-app").counts().get("total") == 9);

        driver.get(server.url());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-user=ada]"))).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        wait.until(ExpectedConditions.attributeToBe(By.id("badge"), "data-count", "9"));
        wait.until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
        ((JavascriptExecutor) driver).executeScript("window.sameDocument = true;");

        // Another teammate comments: the badge goes up through the live stream, without a reload.
        DemoData.comment(server.notifier(), "cy", "launch-plan", "Pricing page needs a second pass.");
        wait.until(ExpectedConditions.attributeToBe(By.id("badge"), "data-count", "10"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.sameDocument === true;")).isEqualTo(true);

        // Open the inbox and read the newest item: the badge goes down.
        driver.findElement(By.id("bell")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
        WebElement newest = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".feed-item.unread")));
        assertThat(newest.getText()).contains("Cy Twombly commented on Launch plan");
        String adaMessage = newest.getAttribute("data-id");
        newest.click();
        wait.until(ExpectedConditions.attributeToBe(By.id("badge"), "data-count", "9"));
        wait.until(ExpectedConditions.not(ExpectedConditions.attributeContains(By.cssSelector("[data-id='" + adaMessage + "']"), "class", "unread")));
        assertThat(server.notifier().feed("ada", "in-app").counts()).containsEntry("unread", 9L);
        takeScreenshot("inbox.png");

        // Older items come with "load more" (pages of 8 follow the cursor); "mark all as read" clears the badge.
        assertThat(driver.findElements(By.cssSelector(".feed-item"))).hasSize(9);
        driver.findElement(By.id("load-more")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".feed-item"), 10));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("load-more")));
        driver.findElement(By.id("mark-all-read")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("badge")));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".feed-item.unread"), 0));
        WebElement archive = driver.findElement(By.cssSelector("[data-id='" + adaMessage + "'] .archive"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", archive);
        archive.click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".feed-item"), 9));
        assertThat(server.notifier().messages().get(adaMessage).orElseThrow().isArchived()).isTrue();

        // The signed-in user's token is the only way into a feed.
        DemoClient client = new DemoClient(server);
        String bob = client.signIn("bob");
        assertThat(client.get("/api/feed", null).status()).isEqualTo(401);
        assertThat(client.get("/api/feed", bob).body().get("items").findValuesAsText("id")).doesNotContain(adaMessage);
        assertThat(client.post("/api/feed/messages/" + adaMessage + "/unread", bob).status()).isEqualTo(404);
    }

    private void takeScreenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
