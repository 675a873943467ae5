package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Java's HttpClient (and other HTTP/2-first clients) send their first request as HTTP/1.1 with
 * {@code Upgrade: h2c}; a body on that request must be stored like any other, never a 500.
 */
@QuarkusTest
class Http2UpgradeTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @Test
    void aBatchPostedWithAnH2cUpgradeIsStored() throws Exception {
        String symbol = Api.uniqueSymbol("H2C");
        String body = "[" + Api.m1(symbol, "\"2024-09-03T10:00:00Z\"") + "]";
        // A new client per request, so that every request is the connection's first: the upgrade one.
        for (String key : new String[] {Api.EA_KEY, Api.EA_KEY}) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "ingest_batch"))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"received\":1"), response.body());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> read = client.send(HttpRequest.newBuilder(
                URI.create(baseUrl + "candles?symbol=" + symbol + "&timeframe=M1")).header("X-API-Key", Api.EA_KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("2024-09-03T10:00:00Z"), read.body());
    }
}
