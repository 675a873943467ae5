package io.mt5db.ingest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.common.MemoryBudget;
import io.mt5db.testing.Api;
import io.mt5db.testing.Gzip;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestBodyTest {

    private static String candle(String symbol) {
        return CandleIngestTest.m1(symbol, "\"2024-06-01T00:00:00Z\"");
    }

    @Test
    void malformedJsonIs400AndNeverLeaksInternals() {
        Api.ea().body("{\"symbol\": \"EURUSD\", ").post("/ingest").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", equalTo("Bad Request"))
                .body("detail", containsString("Malformed JSON"))
                .body(not(containsString("com.fasterxml"))).body(not(containsString("Exception")));
        Api.ea().body("").post("/ingest_batch").then().statusCode(400).body("detail", containsString("empty"));
        Api.ea().body("[1,2] [3]").post("/ingest_batch").then().statusCode(400);
    }

    @Test
    void validJsonOfTheWrongShapeIs422() {
        Api.ea().body("42").post("/ingest").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        Api.ea().body("{\"items\": 5}").post("/ingest").then().statusCode(422).body("errors[0].field", equalTo("items"));
        Api.ea().body("{\"ticks\": {}}").post("/ingest/tick").then().statusCode(422).body("errors[0].field", equalTo("ticks"));
        Api.ea().body("\"text\"").post("/ingest/tick").then().statusCode(422);
    }

    @Test
    void aTrailingNulOrWhitespaceIsTolerated() {
        String s = Api.uniqueSymbol("NUL");
        byte[] json = (candle(s) + "\u0000").getBytes(StandardCharsets.UTF_8);
        Api.ea().body(json).post("/ingest").then().statusCode(200).body("inserted", equalTo(1));
        Api.ea().body(("[" + candle(s) + "] \n\u0000\u0000").getBytes(StandardCharsets.UTF_8)).post("/ingest_batch")
                .then().statusCode(200).body("duplicates", equalTo(1));
    }

    @Test
    void gzipBodiesAreAccepted() {
        String s = Api.uniqueSymbol("GZ");
        Api.ea().header("Content-Encoding", "gzip").body(Gzip.of("[" + candle(s) + "]"))
                .post("/ingest_batch").then().statusCode(200).body("inserted", equalTo(1));
        Api.ea().header("Content-Encoding", "gzip").body("not gzip".getBytes(StandardCharsets.UTF_8))
                .post("/ingest_batch").then().statusCode(400).body("detail", containsString("gzip"));
        Api.ea().header("Content-Encoding", "br").body("[]").post("/ingest_batch").then().statusCode(415);
    }

    @Test
    void aGzipBombIsRefusedBySizeAfterDecompression() {
        // 20 MiB of spaces compress to about 20 KiB; the limit is 16 MiB after decompression.
        byte[] bomb = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(bomb, (byte) ' ');
        bomb[0] = '[';
        bomb[bomb.length - 1] = ']';
        byte[] compressed = Gzip.of(bomb);
        org.junit.jupiter.api.Assertions.assertTrue(compressed.length < 100_000);
        Api.ea().header("Content-Encoding", "gzip").body(compressed).post("/ingest_batch").then().statusCode(413)
                .body("detail", containsString("after decompression"));
    }

    @Test
    void plainBodiesOverTheSizeLimitAndBatchesOverTheItemLimitAre413() {
        byte[] big = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        Api.ea().body(big).post("/ingest_batch").then().statusCode(413);
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i > 0 ? "," : "").append("{}");
        }
        Api.ea().body(many.append(']').toString()).post("/ingest_batch").then().statusCode(413)
                .body("detail", containsString("10000"));
    }

    @Test
    void fieldsTheServerDoesNotReadAreIgnoredHoweverLargeOrNested() {
        String s = Api.uniqueSymbol("PAD");
        String padding = "x".repeat(200_000);
        StringBuilder batch = new StringBuilder("{\"comment\": \"" + padding + "\", \"items\": [");
        for (int minute = 0; minute < 30; minute++) {
            String ts = String.format("\"2024-06-03T10:%02d:00Z\"", minute);
            String candle = Api.m1(s, ts);
            batch.append(minute > 0 ? "," : "").append(candle, 0, candle.length() - 1)
                    .append(",\"note\":\"").append(padding).append("\",\"meta\":{\"open\":[1,{\"x\":null}]}}");
        }
        Api.ea().body(batch.append("]}").toString()).post("/ingest").then().statusCode(200)
                .body("inserted", equalTo(30)).body("rejected", equalTo(0));
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=2024-06-03T10:00:00Z&to=2024-06-03T11:00:00Z&limit=100")
                .then().statusCode(200).body("items", hasSize(30)).body("items[29].open", equalTo(1.1f))
                .body(not(containsString("note")));
        String tick = "{\"symbol\":\"" + s + "\",\"ts_msc\":1717408800123,\"bid\":1.1,\"ask\":1.2,\"note\":\"" + padding
                + "\"}";
        Api.ea().body("{\"extra\": [" + tick + "], \"ticks\": [" + tick + "]}").post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(1));
        Api.ea().body(tick).post("/ingest/tick").then().statusCode(200).body("duplicates", equalTo(1));
    }

    @Test
    void aListOverTheItemLimitIsRefusedAtItsFirstExtraItemOnEveryRoute() {
        // What follows the 10,001st item is never read: the limit answers, not the broken syntax after it.
        String list = "[" + "{},".repeat(10_000) + "{}, {{{ not json";
        Api.ea().body(list).post("/ingest_batch").then().statusCode(413).body("detail", containsString("more than 10000"));
        Api.ea().body("{\"items\": " + list).post("/ingest").then().statusCode(413);
        Api.ea().body("{\"ticks\": " + list).post("/ingest/tick").then().statusCode(413);
        Api.ea().body(list).post("/tick/bulk").then().statusCode(413);
    }

    @Inject
    IngestMemory memory;

    @Test
    void aSpentBodyBudgetAnswers503AndEveryRequestGivesItsShareBack() {
        String s = Api.uniqueSymbol("MEM");
        try (MemoryBudget.Lease hog = memory.budget().lease(memory.totalBytes())) {
            Api.ea().body("[" + candle(s) + "]").post("/ingest_batch").then().statusCode(503)
                    .header("Retry-After", "1").contentType("application/problem+json")
                    .body("detail", containsString("retry"));
            Api.ea().body("{\"ticks\": []}").post("/ingest/tick").then().statusCode(503);
            String metrics = Api.ea().get("/metrics").then().statusCode(200).extract().asString();
            org.junit.jupiter.api.Assertions.assertTrue(
                    metrics.contains("\ningest_body_memory_in_use_bytes " + (double) memory.totalBytes() + "\n"),
                    "the gauge shows the whole budget in use");
        }
        Api.ea().body("[" + candle(s) + "]").post("/ingest_batch").then().statusCode(200).body("inserted", equalTo(1));
        Api.ea().body("{\"items\": [" + candle(s) + "]}").post("/ingest").then().statusCode(200);
        Api.ea().header("Content-Encoding", "gzip").body(Gzip.of("[" + candle(s) + "]"))
                .post("/ingest_batch").then().statusCode(200);
        Api.ea().body("[1,").post("/ingest_batch").then().statusCode(400);
        Api.ea().body("42").post("/ingest").then().statusCode(422);
        Api.ea().body("[" + "{},".repeat(10_000) + "{}]").post("/ingest_batch").then().statusCode(413);
        byte[] big = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        Api.ea().body(big).post("/ingest/tick").then().statusCode(413);
        assertEquals(memory.totalBytes(), memory.availableBytes(), "every lease was closed");
    }

    @Test
    void aRejectedItemsLongSymbolComesBackAbbreviated() {
        String longSymbol = "X".repeat(5_000);
        Api.ea().body("[" + candle(longSymbol) + "]").post("/ingest_batch").then().statusCode(200)
                .body("rejected", equalTo(1)).body("details[0].reason", equalTo("invalid_symbol"))
                .body("details[0].symbol", equalTo("X".repeat(64) + "…"));
        Api.ea().body("{\"ticks\": [{\"symbol\": \"" + longSymbol + "\", \"ts_msc\": 1717408800123, \"bid\": 1, \"ask\": 1}]}")
                .post("/ingest/tick").then().statusCode(200).body("details[0].symbol", equalTo("X".repeat(64) + "…"));
    }
}
