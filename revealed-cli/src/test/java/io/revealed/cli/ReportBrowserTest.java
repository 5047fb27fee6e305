package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Opens generated reports in a real browser: headless Chromium, driven through the system's
 * chromedriver by Selenium (nothing is downloaded; Selenium Manager is never asked). A page passes
 * when the browser logs no console error, requests nothing but the page itself (and {@code data:}
 * URIs), loads everything it requests, and every figure on the screenshot is drawn: enough pixels
 * that are not white, in enough distinct colours.
 *
 * <p>Without Chromium (Debian's {@code chromium} and {@code chromium-driver} packages) the tests are
 * skipped, unless {@code REVEALED_REQUIRE_BROWSER=1} (as CI sets it), which makes that a failure.
 * A first test feeds the checker a broken page, so a checker that sees nothing cannot pass.
 */
class ReportBrowserTest {
    static final List<Path> CHROMIUM = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));
    static final List<Path> DRIVER = List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));
    /** A figure passes when at least this share of its pixels is not white... */
    static final double MIN_INK = 0.03;
    /** ...in at least this many distinct colours. */
    static final int MIN_COLOURS = 8;

    @TempDir
    static Path dir;

    static ChromeDriver browser;
    /** Why there is no browser, or null. */
    static String unavailable;

    /** Selenium's own logger, held so its level stays set: it warns that it has no CDP classes for this Chromium, which this test does not use. */
    static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    static void startBrowser() {
        Path chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Path driver = DRIVER.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (chromium == null || driver == null) {
            String why = "Chromium or chromedriver is not installed (looked for " + CHROMIUM + " and " + DRIVER
                    + "); install them with 'apt-get install chromium chromium-driver'";
            if ("1".equals(System.getenv("REVEALED_REQUIRE_BROWSER"))) fail(why + " (REVEALED_REQUIRE_BROWSER=1 requires the browser check)");
            unavailable = why + "; the browser check is skipped";
            return;
        }
        SELENIUM_LOG.setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=1280,1000", "--force-device-scale-factor=1", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
    }

    @BeforeEach
    void needsTheBrowser() {
        if (unavailable != null) Assumptions.abort(unavailable);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) browser.quit();
    }

    /** What the browser saw while loading one page. */
    record Visit(List<String> consoleErrors, List<String> requests, List<String> failedRequests) {}

    /** Loads a page from disk and collects its console errors and network requests. */
    static Visit visit(Path page) throws Exception {
        browser.manage().logs().get(LogType.BROWSER); // drop what earlier pages left
        browser.manage().logs().get(LogType.PERFORMANCE);
        browser.get(page.toUri().toString());
        for (int i = 0; i < 50 && !"complete".equals(((JavascriptExecutor) browser).executeScript("return document.readyState")); i++) Thread.sleep(100);
        List<String> errors = new ArrayList<>(), requests = new ArrayList<>(), failed = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER))
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        ObjectMapper json = new ObjectMapper();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode m = json.readTree(e.getMessage()).path("message");
            switch (m.path("method").asText()) {
                case "Network.requestWillBeSent" -> requests.add(m.path("params").path("request").path("url").asText());
                case "Network.loadingFailed" -> failed.add(m.path("params").path("errorText").asText() + " " + m.path("params").path("blockedReason").asText(""));
                default -> { }
            }
        }
        return new Visit(errors, requests, failed);
    }

    /** Fails unless the page loaded cleanly and every figure on it is drawn. Returns the number of figures. */
    static int checkPage(Path page) throws Exception {
        Visit v = visit(page);
        assertEquals(List.of(), v.consoleErrors(), page + ": console errors");
        assertEquals(List.of(), v.failedRequests(), page + ": failed requests");
        for (String url : v.requests())
            assertTrue(url.equals(page.toUri().toString()) || url.startsWith("data:"), page + " requested " + url);
        List<WebElement> figures = browser.findElements(By.cssSelector("figure"));
        assertFalse(figures.isEmpty(), page + " has no figures");
        Path shots = Files.createDirectories(Path.of("target", "browser-check"));
        Files.write(shots.resolve(page.getParent().getFileName() + "-" + page.getFileName() + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        for (WebElement f : figures) {
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", f);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.getScreenshotAs(OutputType.BYTES)));
            String id = f.getAttribute("id");
            assertTrue(img.getWidth() > 100 && img.getHeight() > 100, id + " is " + img.getWidth() + " x " + img.getHeight() + " on screen");
            long ink = 0;
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y++)
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y) & 0xffffff;
                    int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                    if (Math.min(r, Math.min(g, b)) < 235) ink++;
                    colours.add(rgb);
                }
            double share = ink / (double) (img.getWidth() * img.getHeight());
            assertTrue(share >= MIN_INK, page.getFileName() + " " + id + ": only " + share + " of the pixels are drawn");
            assertTrue(colours.size() >= MIN_COLOURS, page.getFileName() + " " + id + ": only " + colours.size() + " colours");
        }
        return figures.size();
    }

    @Test
    void theChecker_catchesConsoleErrorsMissingFilesAndOutsideRequests() throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><img src=\"missing.png\"><img src=\"https://example.invalid/x.png\">"
                + "<script>console.error('drawn wrong')</script></body></html>");
        Visit v = visit(bad);
        assertTrue(v.consoleErrors().stream().anyMatch(e -> e.contains("drawn wrong")), v.toString());
        assertTrue(v.requests().stream().anyMatch(u -> u.endsWith("missing.png")), v.toString());
        assertTrue(v.requests().stream().anyMatch(u -> u.startsWith("https://example.invalid")), v.toString());
        assertTrue(v.failedRequests().size() >= 2, v.toString());
        Path blank = dir.resolve("blank.html");
        Files.writeString(blank, "<!DOCTYPE html><html><body><figure id=\"empty\"><svg width=\"400\" height=\"300\"></svg></figure></body></html>");
        AssertionErrorCatcher.expectFailure(() -> checkPage(blank), "only 0.0 of the pixels are drawn");
    }

    @Test
    void quickstartReport_opensCleanly_andDrawsEveryFigure() throws Exception {
        Path run = dir.resolve("quickstart");
        Cli r = Cli.run("quickstart", "--out", run.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        Path page = run.resolve("report.html");
        assertEquals(6, checkPage(page), "reward, policy, visitation and three curves");
        JavascriptExecutor js = browser;
        assertEquals(128L, js.executeScript("return document.querySelectorAll('#fig-reward-map g.cell').length"), "true and learned reward, 64 cells each");
        // The true reward is 1 in the goal cell and 0 elsewhere: less its mean 1/64, the goal has the largest magnitude, 63/64, so it becomes 1.
        assertEquals("true reward, state 63 (x 7, y 7): 1 standardised, 1 raw",
                js.executeScript("return document.querySelectorAll('#fig-reward-map g.cell title')[63].textContent"), "hover text of the goal cell");
        assertEquals(6L, js.executeScript("return document.querySelectorAll('nav a').length"), "summary, reward, policy, visitation, curves, metrics");
    }

    @Test
    void sideBySideAndNonGridPages_openCleanly() throws Exception {
        Path demos = dir.resolve("garnet.jsonl");
        String env = "garnet:states=12,actions=3,branching=2,seed=4";
        assertEquals(0, Cli.run("demos", "--env", env, "--model", "boltzmann:beta=5", "--episodes", "30", "--seed", "1", "--out", demos.toString(), "-q").exit());
        List<Path> runs = new ArrayList<>();
        for (String algo : List.of("mce-irl", "mlirl")) {
            Path run = dir.resolve(algo);
            Cli r = Cli.run("learn", "--algo", algo, "--env", env, "--demos", demos.toString(), "--out", run.toString(), "-q");
            assertEquals(0, r.exit(), r.err());
            runs.add(run);
        }
        assertTrue(checkPage(runs.get(0).resolve("report.html")) >= 4, "bars for reward, policy, visitation, and curves");
        Path both = dir.resolve("both.html");
        Cli r = Cli.run("report", runs.get(0).toString(), runs.get(1).toString(), "--out", both.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(checkPage(both) >= 2);
    }

    /** Runs a check that must fail, and checks why. */
    static final class AssertionErrorCatcher {
        interface Check {
            void run() throws Exception;
        }

        static void expectFailure(Check check, String reason) throws Exception {
            try {
                check.run();
            } catch (AssertionError e) {
                assertTrue(e.getMessage().contains(reason), e.getMessage());
                return;
            }
            fail("the check passed a page it should have failed");
        }
    }
}
