package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.jobs.JobRunner;
import io.mt5db.testing.Api;
import io.mt5db.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 fault test: the database stops while four clients ingest. Every answer is 200 or 503 with
 * Retry-After (never another status), readiness is down while it is stopped, every acknowledged bar is
 * stored, and within 5 s of the database's return the roll-up and indicator jobs (run directly, the
 * scheduler is off in tests) succeed and process the bars.
 */
@QuarkusTest
class DatabaseOutageUnderLoadTest {

    @Inject
    AggregationSchedule schedule;

    @Inject
    IndicatorJob indicators;

    @Inject
    DataSource dataSource;

    @Test
    void concurrentIngestDuringAnOutageIs200Or503AndTheJobsResumeWithin5s() throws Exception {
        EmbeddedPostgresServer server = PostgresTestResource.server();
        Assumptions.assumeTrue(server != null, "needs the embedded test database (not an external one)");
        String s = Api.uniqueSymbol("OUTLOAD");
        Instant start = Instant.parse("2024-05-06T00:00:00Z");
        AtomicInteger minute = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(clients.submit(() -> {
                while (running.get()) {
                    int m = minute.getAndIncrement();
                    Response r = Api.ea().body(Api.m1(s, "\"" + start.plusSeconds(60L * m) + "\"")).post("/ingest");
                    int status = r.statusCode();
                    answers.computeIfAbsent(String.valueOf(status), k -> new AtomicInteger()).incrementAndGet();
                    if (status == 200) {
                        acknowledged.add(m);
                    } else if (status != 503 || r.header("Retry-After") == null) {
                        wrong.add(status + " " + r.header("Retry-After") + " " + r.asString());
                    }
                    if (status == 503) {
                        sleep(20);
                    }
                }
                return null;
            }));
        }
        long restarted;
        try {
            sleep(1000);
            server.close();
            try {
                sleep(500);
                given().get("/q/health/ready").then().statusCode(503);
                sleep(2000);
                given().get("/q/health/ready").then().statusCode(503);
            } finally {
                server.start();
                restarted = System.nanoTime();
            }
            sleep(1500);
        } finally {
            running.set(false);
            for (Future<?> f : futures) {
                f.get();
            }
            clients.shutdownNow();
        }
        assertTrue(wrong.isEmpty(), "answers other than 200 or 503 + Retry-After: " + wrong);
        assertTrue(answers.containsKey("503"), "the outage was seen by the clients: " + answers);
        assertTrue(answers.get("200").get() > 10, "ingest before and after the outage: " + answers);

        // Within 5 s of the database's return every job runs without failure and has processed the bars.
        long deadline = restarted + 5_000_000_000L;
        int max = acknowledged.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Instant lastBucket = start.plusSeconds(60L * (max - max % 5) - 300);
        boolean done = false;
        String state = "";
        while (!done && System.nanoTime() < deadline) {
            schedule.runCycle();
            JobRunner.RunResult ind = indicators.runOnce();
            long m5 = count("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M5' AND ts = '"
                    + lastBucket + "'", s);
            long withRsi = count("SELECT count(*) FROM indicators WHERE symbol = ? AND timeframe = 'M1' AND rsi IS NOT NULL",
                    s);
            done = ind.partitionsFailed() == 0 && m5 == 1 && withRsi > 0;
            state = "indicators " + ind + ", M5 at " + lastBucket + ": " + m5 + ", M1 rows with RSI: " + withRsi;
        }
        assertTrue(done, "jobs resumed within 5 s of the database's return: " + state);
        long stored = count("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M1'", s);
        Set<Integer> storedMinutes = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ts FROM candles WHERE symbol = ? AND timeframe = 'M1'")) {
            ps.setString(1, s);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    storedMinutes.add((int) ((rs.getTimestamp(1).toInstant().getEpochSecond() - start.getEpochSecond()) / 60));
                }
            }
        }
        assertTrue(storedMinutes.containsAll(acknowledged), "every acknowledged bar is stored");
        System.out.printf("outage under load: answers %s, acknowledged %d, stored %d%n", new TreeMap<>(answers),
                acknowledged.size(), stored);
        given().get("/q/health/ready").then().statusCode(200);
        assertEquals(200, Api.ea().get("/candles?symbol=" + s + "&timeframe=M1").statusCode());
    }

    private long count(String sql, String symbol) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
