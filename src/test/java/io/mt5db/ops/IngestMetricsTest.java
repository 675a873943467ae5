package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.mt5db.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's metric names exist and move with the traffic. */
@QuarkusTest
class IngestMetricsTest {

    @Test
    void ingestMetricsMoveWithTraffic() {
        String before = Metrics.scrape();
        String s = Api.uniqueSymbol("MET");
        String a = Api.m1(s, "\"2024-08-01T00:00:00Z\"");
        String b = Api.m1(s, "\"2024-08-01T00:01:00Z\"");
        Api.ea().body("[" + a + "," + b + "," + Api.m1(s, "\"garbage\"") + "]").post("/ingest_batch").then().statusCode(200);
        Api.ea().body(a).post("/ingest").then().statusCode(200);
        Api.ea().body("{\"ticks\":[{\"symbol\":\"" + s + "\",\"ts_msc\":1722470400000,\"bid\":1.1,\"ask\":1.2},"
                + "{\"symbol\":\"" + s + "\",\"ts_msc\":1722470400001,\"bid\":1.3,\"ask\":1.2}]}").post("/ingest/tick").then().statusCode(200);
        Api.ea().body("{").post("/ingest").then().statusCode(400);
        String after = Metrics.scrape();

        assertEquals(2, delta(before, after, "ingest_candles_inserted_total", Map.of()));
        assertEquals(1, delta(before, after, "ingest_duplicates_total", Map.of("kind", "candle")));
        assertEquals(1, delta(before, after, "ingest_ticks_inserted_total", Map.of()));
        assertEquals(1, delta(before, after, "ingest_rejected_total", Map.of("reason", "invalid_ts")));
        assertEquals(1, delta(before, after, "ingest_rejected_total", Map.of("reason", "crossed_quote")));
        assertEquals(1, delta(before, after, "ingest_requests_total",
                Map.of("method", "POST", "route", "/ingest_batch", "status", "200")));
        assertEquals(1, delta(before, after, "ingest_requests_total",
                Map.of("method", "POST", "route", "/ingest", "status", "400")));
        assertEquals(4, delta(before, after, "ingest_latency_seconds_count", Map.of("method", "POST")),
                "every POST above was timed, the 400 included");
        assertEquals(2, delta(before, after, "ingest_batch_size_count", Map.of("kind", "candle")));
        assertTrue(after.contains("ingest_latency_seconds_bucket{"), "the latency is a histogram");
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return Metrics.sum(after, name, labels) - Metrics.sum(before, name, labels);
    }
}
