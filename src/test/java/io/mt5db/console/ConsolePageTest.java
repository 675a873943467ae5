package io.mt5db.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in Debian's headless Chromium against known data: the chart holds exactly the seeded
 * bars with their indicators, the signal is a marker, history pages in from /candles, and a bar posted
 * afterwards appears through /stream without a reload. Screenshots land in target/console/.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePageTest {

    static final Path CHROMIUM = Path.of(System.getProperty("mt5db.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("mt5db.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path ARTEFACTS = Path.of("target", "console");
    static final int BARS = 60;
    static final Duration WAIT = Duration.ofSeconds(20);

    /** One seeded series and one browser for the whole class (a browser starts in about a second). */
    static String symbol;
    static Instant firstBar;
    static ChromeDriver driver;
    static Path profile;

    @TestHTTPResource("/")
    URL root;

    @Inject
    IndicatorJob indicators;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void browserAndData() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No Chromium at " + CHROMIUM + " or chromedriver at " + CHROMEDRIVER
                        + ": install Debian's chromium and chromium-driver (.ci/run does) to run the console test");
        if (symbol == null) {
            seed();
        }
        if (driver == null) {
            driver = startBrowser();
        }
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** No script error and no blocked resource (the Content-Security-Policy) in any test. */
    @AfterEach
    void noBrowserErrors() {
        if (driver == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            // A read-only key's 403 on the signal history, which the page explains.
            boolean noSignalsScope = entry.getMessage().contains("/signals?") && entry.getMessage().contains("403");
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !noSignalsScope) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, "errors in the browser console");
    }

    @Test
    @Order(1)
    void theChartShowsTheSeededBarsWithIndicatorsAndTheSignalMarker() throws IOException {
        driver.get(page(""));
        WebElement keyInput = waitFor(By.id("api-key"));
        keyInput.sendKeys(Api.EA_KEY);
        keyInput.submit();
        awaitReady();

        WebElement chart = driver.findElement(By.id("chart"));
        assertEquals(String.valueOf(BARS), chart.getDomAttribute("data-bar-count"), "bars on the chart");
        assertEquals("1", chart.getDomAttribute("data-signal-markers"), "signal markers");
        assertEquals(barTs(BARS - 1), chart.getDomAttribute("data-last-ts"));
        List<WebElement> signalItems = driver.findElements(By.cssSelector("#signal-list li[data-signal-id]"));
        assertEquals(1, signalItems.size());
        assertTrue(signalItems.get(0).getText().startsWith("BUY ACTIVE"), signalItems.get(0).getText());

        // The table view lists the visible bars, one row each, with the computed indicators.
        driver.findElement(By.id("toggle-table")).click();
        List<WebElement> rows = driver.findElements(By.cssSelector("#bars-table tbody tr"));
        assertEquals(BARS, rows.size(), "table rows");
        assertEquals(barTs(0), rows.get(0).getDomAttribute("data-ts"));
        String lastRsi = rows.get(BARS - 1).findElements(By.tagName("td")).get(5).getText();
        assertFalse(lastRsi.isBlank(), "RSI of the last bar (computed by the indicator job)");
        String firstRsi = rows.get(0).findElements(By.tagName("td")).get(5).getText();
        assertTrue(firstRsi.isBlank(), "no RSI during the warm-up");

        // The key is kept in the tab's session storage: a reload does not ask again.
        assertEquals(Api.EA_KEY, script("return sessionStorage.getItem('mt5db.apiKey')"));
        driver.navigate().refresh();
        awaitReady();
        assertFalse(driver.findElement(By.id("key-form")).isDisplayed(), "the key form after a reload");
        screenshot("console.png");
    }

    @Test
    @Order(3)
    void historyIsFetchedPageByPageAndOlderBarsLoadOnDemand() {
        // 25 bars per window in pages of 10 rows: three /candles requests follow next_cursor for the first window.
        driver.get(page("&bars=25&page=10"));
        awaitReady();
        WebElement chart = driver.findElement(By.id("chart"));
        assertEquals("25", chart.getDomAttribute("data-bar-count"));
        WebElement older = driver.findElement(By.id("load-older"));
        older.click();
        new WebDriverWait(driver, WAIT).until(d -> "50".equals(chart.getDomAttribute("data-bar-count")));
        new WebDriverWait(driver, WAIT).until(d -> older.isEnabled());
        older.click();
        new WebDriverWait(driver, WAIT).until(d -> String.valueOf(BARS).equals(chart.getDomAttribute("data-bar-count")));
        new WebDriverWait(driver, WAIT).until(d -> !older.isEnabled());
        assertEquals("1", chart.getDomAttribute("data-signal-markers"));

        // Zoom and pan change the visible bars, and the table follows them.
        assertEquals(String.valueOf(BARS), chart.getDomAttribute("data-visible-count"));
        driver.findElement(By.id("zoom-in")).click();
        new WebDriverWait(driver, WAIT).until(d -> "31".equals(chart.getDomAttribute("data-visible-count")));
        driver.findElement(By.id("toggle-table")).click();
        assertEquals(31, driver.findElements(By.cssSelector("#bars-table tbody tr")).size());
        assertEquals(barTs(BARS - 1), script("return document.querySelector('#bars-table tbody tr:last-child').dataset.ts"));
        chart.sendKeys(Keys.HOME);
        new WebDriverWait(driver, WAIT).until(d -> barTs(0).equals(
                script("return document.querySelector('#bars-table tbody tr:first-child').dataset.ts")));
        assertEquals("31", chart.getDomAttribute("data-visible-count"));
    }

    @Test
    @Order(2)
    void thePickersWorkFromTheKeyboard() {
        driver.get(page(""));
        awaitReady();
        WebElement chart = driver.findElement(By.id("chart"));
        WebElement timeframe = driver.findElement(By.id("timeframe"));
        assertEquals("Timeframe", driver.findElement(By.cssSelector("label[for=timeframe]")).getText());
        assertEquals("Symbol", driver.findElement(By.cssSelector("label[for=symbol]")).getText());
        // Tab from the symbol picker to the timeframe picker, then the arrow keys choose without a mouse.
        driver.findElement(By.id("symbol")).sendKeys(Keys.TAB);
        assertEquals(timeframe, driver.switchTo().activeElement());
        timeframe.sendKeys(Keys.ARROW_DOWN);
        try {
            new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().contains("timeframe=M5")
                    && "0".equals(chart.getDomAttribute("data-bar-count")) && isReady(d));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("url " + driver.getCurrentUrl() + " bars " + chart.getDomAttribute("data-bar-count")
                    + " state " + driver.findElement(By.tagName("body")).getDomAttribute("data-state") + " value "
                    + timeframe.getDomProperty("value") + " message " + driver.findElement(By.id("message")).getText());
        }
        assertTrue(driver.findElement(By.id("message")).getText().contains("No M5 bar"),
                driver.findElement(By.id("message")).getText());
        timeframe.sendKeys(Keys.ARROW_UP);
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().contains("timeframe=M1")
                && String.valueOf(BARS).equals(chart.getDomAttribute("data-bar-count")) && isReady(d));
    }

    @Test
    @Order(4)
    void aBarPostedAfterwardsAppearsWithoutAReload() throws Exception {
        driver.get(page(""));
        awaitReady();
        new WebDriverWait(driver, WAIT).until(d -> "connected".equals(
                d.findElement(By.id("live")).getDomAttribute("data-live")));
        script("window.mt5dbSamePage = true");

        Instant next = firstBar.plus(BARS, ChronoUnit.MINUTES);
        postCandles(List.of(candle(next, 1.1050, 1.1070, 1.1045, 1.1065)));
        indicators.runOnce();

        WebElement chart = driver.findElement(By.id("chart"));
        new WebDriverWait(driver, WAIT).until(d -> String.valueOf(BARS + 1).equals(chart.getDomAttribute("data-bar-count")));
        assertEquals(next.toString(), chart.getDomAttribute("data-last-ts"));
        assertEquals(Boolean.TRUE, script("return window.mt5dbSamePage === true"), "the page was not reloaded");

        // The same bar changed again is updated in place, not appended.
        postCandles(List.of(candle(next, 1.1050, 1.1090, 1.1045, 1.1085)));
        driver.findElement(By.id("toggle-table")).click();
        // Read in one script: the rows are rebuilt on every render, so element handles would go stale.
        new WebDriverWait(driver, WAIT).until(d -> "1.10850".equals(script(
                "const rows = document.querySelectorAll('#bars-table tbody tr');"
                        + "return rows.length ? rows[rows.length - 1].children[4].textContent : null;")));
        assertEquals(String.valueOf(BARS + 1), chart.getDomAttribute("data-bar-count"));

        // A signal created now becomes a second marker, and its cancellation changes its status, both live.
        String id = Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"side\":\"SELL\",\"bar_ts\":\""
                + barTs(50) + "\",\"ttl_sec\":86400}").post("/signals").then().statusCode(201).extract().path("id");
        new WebDriverWait(driver, WAIT).until(d -> "2".equals(chart.getDomAttribute("data-signal-markers")));
        Api.admin().post("/signals/" + id + "/cancel").then().statusCode(200);
        new WebDriverWait(driver, WAIT).until(d -> String.valueOf(script("const li = document.querySelector("
                + "'#signal-list li[data-signal-id=\"" + id + "\"]'); return li ? li.textContent : '';"))
                .startsWith("SELL CANCELLED"));
        assertEquals(Boolean.TRUE, script("return window.mt5dbSamePage === true"), "the page was not reloaded");
        screenshot("console-live.png");
    }

    @Test
    @Order(5)
    void theStatusStripShowsTheActiveModelBesideItsBaselinesAndTheLastData() throws Exception {
        // A registry row as training leaves it (the list reads only the manifest); removed again at once, so no
        // other test's inference ever meets its placeholder bytes.
        long id;
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ml_models (version, symbol, timeframe, status, activated_at, model_bytes, manifest) "
                        + "VALUES (?, ?, 'M1', 'active', now(), '\\x00', ?::jsonb) RETURNING id")) {
            insert.setString(1, "console-test-" + symbol);
            insert.setString(2, symbol);
            insert.setString(3, "{\"metrics\":{\"model\":{\"accuracy\":0.561},\"majority\":{\"accuracy\":0.514},"
                    + "\"persistence\":{\"accuracy\":0.522}},\"beats_baselines\":true,\"verdict\":\"beats both\"}");
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try {
            driver.get(page(""));
            awaitReady();
            new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("st-model")).getText().contains("0.561"));
            assertEquals("console-test-" + symbol + ": test accuracy 0.561 vs majority 0.514, persistence 0.522 "
                    + "(beats the baselines)", driver.findElement(By.id("st-model")).getText());
        } finally {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement delete = c.prepareStatement("DELETE FROM ml_models WHERE id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
        }
        assertEquals("healthy", driver.findElement(By.id("st-health")).getText());
        assertTrue(driver.findElement(By.id("st-jobs")).getText().contains("aggregator"),
                driver.findElement(By.id("st-jobs")).getText());
        assertTrue(driver.findElement(By.id("st-rate")).getText().contains("last ingest"),
                driver.findElement(By.id("st-rate")).getText());
        List<WebElement> lastData = driver.findElements(By.cssSelector("#last-data tbody tr"));
        assertTrue(lastData.stream().anyMatch(row -> row.getText().startsWith(symbol + " ")), "last data of " + symbol);
        screenshot("console-status.png");
    }

    @Test
    @Order(6)
    void aReadOnlyKeyShowsTheChartAndSaysWhySignalHistoryIsMissing() {
        String readKey = Api.createKey("console-read-" + symbol, "read", null);
        int stored = Api.withKey(readKey).get("/candles?symbol=" + symbol + "&timeframe=M1&limit=1000").then()
                .statusCode(200).extract().path("items.size()");
        driver.get(page(""));
        awaitReady();
        driver.findElement(By.id("forget-key")).click();
        assertEquals(null, script("return sessionStorage.getItem('mt5db.apiKey')"));
        WebElement keyInput = waitFor(By.id("api-key"));
        keyInput.sendKeys(readKey);
        keyInput.submit();
        awaitReady();
        WebElement chart = driver.findElement(By.id("chart"));
        assertEquals(String.valueOf(stored), chart.getDomAttribute("data-bar-count"));
        assertEquals("0", chart.getDomAttribute("data-signal-markers"));
        assertTrue(driver.findElement(By.id("message")).getText().contains("lacks the signals scope"),
                driver.findElement(By.id("message")).getText());
        new WebDriverWait(driver, WAIT).until(d -> "connected".equals(
                d.findElement(By.id("live")).getDomAttribute("data-live")) || "unavailable".equals(
                d.findElement(By.id("live")).getDomAttribute("data-live")));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void seed() {
        symbol = Api.uniqueSymbol("WEBUI");
        // Complete bars ending about an hour ago: inside the accepted time range, none still open.
        firstBar = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2 * BARS, ChronoUnit.MINUTES);
        List<String> candles = new ArrayList<>();
        double close = 1.1000;
        for (int i = 0; i < BARS; i++) {
            double open = close;
            close = Math.round((open + Math.sin(i / 5.0) * 0.0008) * 1e5) / 1e5;
            candles.add(candle(firstBar.plus(i, ChronoUnit.MINUTES), open, Math.max(open, close) + 0.0003,
                    Math.min(open, close) - 0.0003, close));
        }
        postCandles(candles);
        indicators.runOnce();
        Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"side\":\"BUY\",\"bar_ts\":\""
                + barTs(40) + "\",\"confidence\":0.71,\"ttl_sec\":86400}").post("/signals").then().statusCode(201);
    }

    private static String candle(Instant ts, double open, double high, double low, double close) {
        return String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":%.5f,"
                + "\"high\":%.5f,\"low\":%.5f,\"close\":%.5f,\"volume\":%d,\"spread\":0.00002}",
                symbol, ts, open, high, low, close, 100 + ts.getEpochSecond() % 50);
    }

    private static void postCandles(List<String> candles) {
        Api.ea().body("[" + String.join(",", candles) + "]").post("/ingest_batch").then().statusCode(200);
    }

    private static String barTs(int index) {
        return firstBar.plus(index, ChronoUnit.MINUTES).toString();
    }

    private String page(String extra) {
        return root.toString() + "?symbol=" + symbol + "&timeframe=M1" + extra;
    }

    private static ChromeDriver startBrowser() throws IOException {
        profile = Files.createTempDirectory("mt5db-console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1400,1300", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private void awaitReady() {
        new WebDriverWait(driver, WAIT).until(d -> {
            String state = d.findElement(By.tagName("body")).getDomAttribute("data-state");
            if ("error".equals(state)) {
                throw new AssertionError("The console failed: " + d.findElement(By.id("message")).getText());
            }
            return "ready".equals(state);
        });
    }

    private static boolean isReady(org.openqa.selenium.WebDriver d) {
        return "ready".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state"));
    }

    private Object script(String code) {
        return ((JavascriptExecutor) driver).executeScript(code);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(ARTEFACTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, ARTEFACTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
