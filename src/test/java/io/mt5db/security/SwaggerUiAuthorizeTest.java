package io.mt5db.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a new user does first in /docs, in Debian's headless Chromium: "Try it out" on a protected
 * GET answers 401, then Authorize with a key makes the same call answer 200 (the document's security
 * requirement is what makes Swagger UI send the key).
 */
@QuarkusTest
class SwaggerUiAuthorizeTest {

    static final Path CHROMIUM = Path.of(System.getProperty("mt5db.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("mt5db.test.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/docs")
    URL docs;

    @Test
    void authorizeThenTryItOutOnAProtectedGetAnswers200() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No Chromium at " + CHROMIUM + " or chromedriver at " + CHROMEDRIVER
                        + ": install Debian's chromium and chromium-driver (.ci/run does) to run the Swagger UI test");
        Path profile = Files.createTempDirectory("mt5db-swagger-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1400,1300", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(docs.toString());
            WebElement operation = waitFor(driver, By.xpath(
                    "//div[contains(@class,'opblock-get')][.//*[contains(@class,'opblock-summary-path') and @data-path='/symbols']]"));
            operation.findElement(By.cssSelector(".opblock-summary")).click();
            waitFor(driver, By.cssSelector(".opblock-get .try-out__btn")).click();
            waitFor(driver, By.cssSelector(".opblock-get .btn.execute")).click();
            assertEquals("401", responseStatus(driver), "without Authorize no key is sent");

            driver.findElement(By.cssSelector(".auth-wrapper .btn.authorize")).click();
            WebElement keyField = waitFor(driver, By.cssSelector(".modal-ux .auth-container input"));
            keyField.sendKeys(Api.EA_KEY);
            driver.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper .btn.authorize")).click();
            waitFor(driver, By.cssSelector(".modal-ux .btn-done")).click();

            clearResponse(driver);
            driver.findElement(By.cssSelector(".opblock-get .btn.execute")).click();
            assertEquals("200", responseStatus(driver), "after Authorize the key is sent");
        } finally {
            driver.quit();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static WebElement waitFor(WebDriver driver, By locator) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** The status of the live response Swagger UI shows under the operation. */
    private static String responseStatus(WebDriver driver) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            List<WebElement> cells = d.findElements(By.cssSelector(".live-responses-table .response .response-col_status"));
            // The cell may add "Undocumented" under the code.
            return cells.isEmpty() || cells.get(0).getText().isBlank() ? null : cells.get(0).getText().trim().split("\\s+")[0];
        });
    }

    private static void clearResponse(WebDriver driver) {
        List<WebElement> clear = driver.findElements(By.cssSelector(".opblock-get .btn-clear"));
        if (!clear.isEmpty()) {
            clear.get(0).click();
        }
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(".live-responses-table")).isEmpty());
    }
}
