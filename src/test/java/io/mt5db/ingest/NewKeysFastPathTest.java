package io.mt5db.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.Timeframe;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Batches of only new keys take a plain COPY instead of the upsert; the outcome must be the
 * upsert's in every case: all new, some stored, and a concurrent writer of the same key.
 */
@QuarkusTest
class NewKeysFastPathTest {

    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

    @Inject
    CandleWriter candleWriter;

    @Inject
    TickWriter tickWriter;

    @Inject
    DataSource dataSource;

    private static String candles(String symbol, int count, int from, double close) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            sb.append(i > from ? "," : "").append("{\"symbol\":\"").append(symbol).append("\",\"timeframe\":\"M1\",\"ts\":\"")
                    .append(T0.plusSeconds(60L * i)).append("\",\"open\":1.1,\"high\":1.3,\"low\":1.0,\"close\":")
                    .append(close).append(",\"volume\":").append(i).append('}');
        }
        return sb.append(']').toString();
    }

    private static String ticks(String symbol, int count, double bid) {
        StringBuilder sb = new StringBuilder("{\"ticks\":[");
        for (int i = 0; i < count; i++) {
            sb.append(i > 0 ? "," : "").append("{\"symbol\":\"").append(symbol).append("\",\"ts_msc\":")
                    .append(T0.toEpochMilli() + 250L * i).append(",\"bid\":").append(bid).append(",\"ask\":1.5}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void newBatchIsStoredAsTheUpsertWouldStoreIt() throws Exception {
        String symbol = Api.uniqueSymbol("FPN");
        Api.ea().body(candles(symbol, 40, 0, 1.2)).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(40)).body("duplicates", equalTo(0))
                .body("details[39].status", equalTo("inserted"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*), min(ts), max(ts), sum(volume), bool_and(source = 'ea' AND close = 1.2)"
                                + " FROM candles WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(40, rs.getInt(1));
                assertEquals(T0, rs.getTimestamp(2).toInstant());
                assertEquals(T0.plusSeconds(60L * 39), rs.getTimestamp(3).toInstant());
                assertEquals(39 * 40 / 2, rs.getLong(4));
                assertTrue(rs.getBoolean(5));
            }
            try (PreparedStatement changes = c.prepareStatement(
                    "SELECT from_ts FROM series_changes WHERE symbol = ? AND timeframe = 'M1'")) {
                changes.setString(1, symbol);
                try (ResultSet rs = changes.executeQuery()) {
                    assertTrue(rs.next(), "the change hook ran on the fast path");
                    assertEquals(T0, rs.getTimestamp(1).toInstant());
                }
            }
        }
    }

    @Test
    void batchWithStoredKeysFallsBackToTheUpsert() {
        String symbol = Api.uniqueSymbol("FPS");
        Api.ea().body(candles(symbol, 20, 0, 1.2)).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(20));
        Api.ea().body(candles(symbol, 20, 0, 1.2)).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(0)).body("duplicates", equalTo(20));
        // Minutes 10..29: 10 stored (re-sent with a new close: updated), 10 new.
        Api.ea().body(candles(symbol, 20, 10, 1.25)).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(10)).body("updated", equalTo(10))
                .body("details[0].status", equalTo("updated")).body("details[10].status", equalTo("inserted"));
    }

    @Test
    void aStoredKeyInsideANewBatchMakesThePlainInsertFailAndTheUpsertRun() {
        String symbol = Api.uniqueSymbol("FPM");
        Api.ea().body(candles(symbol, 1, 10, 1.2)).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(1));
        // The first and last keys are new, so the plain COPY is tried and meets the stored minute 10.
        Api.ea().body(candles(symbol, 20, 0, 1.2)).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(19)).body("duplicates", equalTo(1))
                .body("details[10].status", equalTo("duplicate")).body("details[11].status", equalTo("inserted"));
        String tickSymbol = Api.uniqueSymbol("FPM");
        String oneTick = "{\"ticks\":[{\"symbol\":\"" + tickSymbol + "\",\"ts_msc\":" + (T0.toEpochMilli() + 250L * 15)
                + ",\"bid\":1.4,\"ask\":1.5}]}";
        Api.ea().body(oneTick).post("/ingest/tick").then().statusCode(200).body("inserted", equalTo(1));
        Api.ea().body(ticks(tickSymbol, 30, 1.4)).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(29)).body("duplicates", equalTo(1))
                .body("details[15].status", equalTo("duplicate"));
    }

    @Test
    void aConcurrentWriterOfTheSameKeyGivesTheUpsertOutcome() throws Exception {
        String symbol = Api.uniqueSymbol("FPC");
        List<CandleInput> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new CandleInput(symbol, Timeframe.M1, T0.plusSeconds(60L * i), 1.1, 1.3, 1.0, 1.2, 5L, null,
                    null, null, null));
        }
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO candles (symbol, timeframe, ts, open, high, low, close, source) VALUES ('"
                        + symbol + "', 'M1', '" + T0.plusSeconds(60L * 7) + "', 1.1, 1.3, 1.0, 1.2, 'rollup')");
            }
            // The writer's probe cannot see the uncommitted row, so its COPY waits on the key.
            CompletableFuture<ItemStatus[]> written = CompletableFuture.supplyAsync(() -> {
                try {
                    return candleWriter.write(batch);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWait();
            other.commit();
            ItemStatus[] statuses = written.get(30, TimeUnit.SECONDS);
            ItemStatus[] expected = new ItemStatus[20];
            Arrays.fill(expected, ItemStatus.INSERTED);
            expected[7] = ItemStatus.UPDATED;
            assertArrayEquals(expected, statuses);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*), bool_and(source = 'ea') FROM candles WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(20, rs.getInt(1));
                assertTrue(rs.getBoolean(2));
            }
        }
    }

    @Test
    void theCopyPathStoresEveryColumnExactlyAsTheUpsertDoes() throws Exception {
        String viaCopy = Api.uniqueSymbol("FPX");
        String viaUpsert = Api.uniqueSymbol("FPY");
        Random random = new Random(7);
        List<CandleInput> batch = new ArrayList<>();
        List<TickInput> ticks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double low = random.nextDouble() * 1000;
            batch.add(new CandleInput(viaCopy, i % 2 == 0 ? Timeframe.M1 : Timeframe.H1, T0.plusSeconds(3600L * i),
                    low + random.nextDouble(), low + 1 + random.nextDouble(), low, low + random.nextDouble(),
                    i % 3 == 0 ? null : random.nextLong(), i % 4 == 0 ? null : random.nextDouble() * 1e-5,
                    i % 5 == 0 ? null : random.nextGaussian(), i % 6 == 0 ? null : -random.nextDouble(),
                    i % 7 == 0 ? null : random.nextDouble() * 1e12));
            ticks.add(new TickInput(viaCopy, T0.toEpochMilli() + 1000L * (i / 3) + random.nextInt(3), random.nextDouble(),
                    random.nextDouble(), i % 3 == 0 ? null : random.nextDouble(), i % 4 == 0 ? null : random.nextDouble(),
                    i % 5 == 0 ? null : random.nextInt()));
        }
        assertTrue(Arrays.stream(candleWriter.write(batch)).allMatch(s -> s == ItemStatus.INSERTED));
        assertTrue(Arrays.stream(tickWriter.write(ticks)).allMatch(s -> s == ItemStatus.INSERTED));
        // Below the fast path's batch size: the upsert and ON CONFLICT statements, one item at a time.
        for (int i = 0; i < batch.size(); i++) {
            CandleInput c = batch.get(i);
            candleWriter.write(List.of(new CandleInput(viaUpsert, c.timeframe(), c.ts(), c.open(), c.high(), c.low(),
                    c.close(), c.volume(), c.spread(), c.bid(), c.ask(), c.realVolume())));
            TickInput t = ticks.get(i);
            tickWriter.write(List.of(new TickInput(viaUpsert, t.tsMillis(), t.bid(), t.ask(), t.last(), t.volume(),
                    t.flags())));
        }
        try (Connection c = dataSource.getConnection()) {
            assertEquals(rows(c, "SELECT timeframe, ts, open, high, low, close, volume, spread, bid, ask, real_volume,"
                    + " source FROM candles WHERE symbol = ? ORDER BY timeframe, ts", viaUpsert),
                    rows(c, "SELECT timeframe, ts, open, high, low, close, volume, spread, bid, ask, real_volume,"
                            + " source FROM candles WHERE symbol = ? ORDER BY timeframe, ts", viaCopy));
            // seq order is arrival order, which ticks with equal ts are aggregated in.
            assertEquals(rows(c, "SELECT ts, bid, ask, last, volume, flags FROM ticks WHERE symbol = ? ORDER BY seq",
                    viaUpsert), rows(c, "SELECT ts, bid, ask, last, volume, flags FROM ticks WHERE symbol = ? ORDER BY seq",
                    viaCopy));
        }
    }

    private static List<List<Object>> rows(Connection c, String sql, String symbol) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        assertEquals(40, rows.size());
        return rows;
    }

    private void awaitLockWait() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE 'COPY candles%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the writer never waited on the concurrent key");
    }

    @Test
    void ticksTakeThePlainInsertOnlyWhenNoStoredTickSharesTheirTime() {
        String symbol = Api.uniqueSymbol("FPT");
        Api.ea().body(ticks(symbol, 30, 1.4)).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(30)).body("details[29].status", equalTo("inserted"));
        Api.ea().body(ticks(symbol, 30, 1.4)).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(0)).body("duplicates", equalTo(30));
        // Same times, another bid: distinct ticks, stored through the ON CONFLICT path.
        Api.ea().body(ticks(symbol, 30, 1.45)).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(30)).body("duplicates", equalTo(0));
        Api.ea().queryParam("symbol", symbol).queryParam("limit", 1000).get("/ticks").then().statusCode(200)
                .body("items.size()", equalTo(60));
    }
}
