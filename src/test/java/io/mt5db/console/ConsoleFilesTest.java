package io.mt5db.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The web console's files are public (the page must load before a key is typed) while every API call it
 * makes still needs a key; the chart library is unpacked from its WebJar into the static files.
 */
@QuarkusTest
class ConsoleFilesTest {

    @Test
    void theConsoleIsServedAtTheRootWithoutAKey() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<script type=\"module\" src=\"/console.js\"></script>"));
        given().get("/console.js").then().statusCode(200).body(containsString("/vendor/echarts/echarts.esm.min.js"));
        given().get("/console.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void theChartLibraryComesFromItsWebJar() {
        given().get("/vendor/echarts/echarts.esm.min.js").then().statusCode(200)
                .body(containsString("candlestick"));
    }

    @Test
    void theApiTheConsoleCallsStillNeedsAKey() {
        for (String path : new String[] {"/symbols", "/candles?symbol=EURUSD&timeframe=M1", "/stats", "/models",
                "/signals?symbol=EURUSD"}) {
            given().get(path).then().statusCode(401);
        }
    }
}
