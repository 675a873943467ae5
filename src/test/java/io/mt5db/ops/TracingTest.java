package io.mt5db.ops;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.aggregation.TickAggregatorJob;
import io.mt5db.signals.expiry.SignalExpiry;
import io.mt5db.testing.Api;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the OpenTelemetry SDK on, an ingest request and a job run each become a trace whose JDBC
 * statements are child spans (quarkus.datasource.jdbc.telemetry), so a slow request or job in Jaeger
 * shows which statement took the time.
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
class TracingTest {

    /** The SDK on, spans to the in-memory exporter only (no OTLP exporter, no collector). */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "PT0.1S");
        }
    }

    private static final String JDBC_SCOPE = "io.opentelemetry.jdbc";

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    AggregationSchedule aggregation;

    @Inject
    SignalExpiry signalExpiry;

    @BeforeEach
    void clear() {
        exporter.reset();
    }

    @Test
    void ingestRequestHasJdbcChildSpans() {
        String symbol = Api.uniqueSymbol("TRACE");
        long now = Instant.now().toEpochMilli();
        Api.ea().body("{\"ticks\":[{\"symbol\":\"" + symbol + "\",\"ts_msc\":" + now + ",\"bid\":1.1,\"ask\":1.1002}]}")
                .post("/ingest/tick?details=none").then().statusCode(200).body("inserted", equalTo(1));

        SpanData request = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/ingest/tick"));
        assertJdbcDescendants(request, "INSERT");
    }

    @Test
    void jobRunHasJdbcChildSpans() {
        String symbol = Api.uniqueSymbol("TRACEJ");
        long minute = Instant.parse("2024-05-06T10:00:00Z").toEpochMilli();
        Api.ea().body("{\"ticks\":[{\"symbol\":\"" + symbol + "\",\"ts_msc\":" + (minute + 5_000) + ",\"bid\":1.2,\"ask\":1.2002}]}")
                .post("/ingest/tick?details=none").then().statusCode(200);
        aggregation.runCycle();

        SpanData job = awaitSpan(s -> s.getName().equals("job " + TickAggregatorJob.NAME));
        assertJdbcDescendants(job, "candles");

        // a job with nothing to do is still one trace: its pending-work query under the job span
        signalExpiry.sweep();
        SpanData expiry = awaitSpan(s -> s.getName().equals("job signal-expiry"));
        assertJdbcDescendants(expiry, "");
    }

    /** Some JDBC client span of the same trace descends from {@code root}, one of them containing {@code sqlPart}. */
    private void assertJdbcDescendants(SpanData root, String sqlPart) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<SpanData> jdbc = List.of();
        while (System.nanoTime() < deadline) {
            List<SpanData> all = exporter.getFinishedSpanItems();
            Map<String, SpanData> byId = all.stream()
                    .collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
            jdbc = all.stream()
                    .filter(s -> JDBC_SCOPE.equals(s.getInstrumentationScopeInfo().getName()))
                    .filter(s -> s.getKind() == SpanKind.CLIENT) // statements; DataSource.getConnection is INTERNAL
                    .filter(s -> s.getTraceId().equals(root.getTraceId()) && descends(s, root, byId))
                    .toList();
            if (!jdbc.isEmpty() && jdbc.stream().anyMatch(s -> statement(s).contains(sqlPart))) {
                break;
            }
            sleep();
        }
        assertFalse(jdbc.isEmpty(), () -> "no JDBC statement span under " + root.getName() + "; spans: " + names());
        if (jdbc.stream().noneMatch(s -> statement(s).contains(sqlPart))) {
            fail("no JDBC span with '" + sqlPart + "' under " + root.getName() + ": "
                    + jdbc.stream().map(TracingTest::statement).toList());
        }
    }

    private static String statement(SpanData s) {
        Object text = s.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("db.statement") || e.getKey().getKey().equals("db.query.text"))
                .map(Map.Entry::getValue).findFirst().orElse(s.getName());
        return String.valueOf(text);
    }

    private static boolean descends(SpanData span, SpanData root, Map<String, SpanData> byId) {
        SpanData current = span;
        for (int depth = 0; depth < 50 && current != null; depth++) {
            String parent = current.getParentSpanId();
            if (parent.equals(root.getSpanId())) {
                return true;
            }
            current = byId.get(parent);
        }
        return false;
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (SpanData s : exporter.getFinishedSpanItems()) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            sleep();
        }
        return fail("span not exported; spans: " + names());
    }

    private List<String> names() {
        return exporter.getFinishedSpanItems().stream()
                .map(s -> s.getName() + "[" + s.getInstrumentationScopeInfo().getName() + "]").toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
