package io.mt5db.aggregation;

import static io.mt5db.aggregation.AggregationFixtures.T;
import static io.mt5db.aggregation.AggregationFixtures.candle;
import static io.mt5db.aggregation.AggregationFixtures.candles;
import static io.mt5db.aggregation.AggregationFixtures.num;
import static io.mt5db.aggregation.AggregationFixtures.postTicks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.jobs.JobRunner;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Retention and frozen minutes, a bad row, and a crash before commit. */
@QuarkusTest
class AggregationRobustnessTest {

    @Inject
    AggregationSchedule schedule;

    @Inject
    JobRunner runner;

    @Inject
    TickAggregatorJob aggregator;

    @Inject
    RecordingObserver observer;

    @Inject
    DataSource dataSource;

    private static Instant oldMinute(int daysAgo) {
        return Instant.now().minus(Duration.ofDays(daysAgo)).truncatedTo(ChronoUnit.MINUTES);
    }

    private long ticksStored(String symbol) throws SQLException {
        return count("SELECT count(*) FROM ticks WHERE symbol = ?", symbol);
    }

    private long count(String sql, String symbol) throws SQLException {
        return AggregationFixtures.count(dataSource, sql, symbol);
    }

    @Test
    void aMinuteWhoseTicksWerePrunedIsFrozen() throws SQLException {
        String s = Api.uniqueSymbol("FROZEN");
        Instant m = oldMinute(8);
        postTicks(s, List.of(new T(m.toEpochMilli() + 1000, 1.1, 1.1002), new T(m.toEpochMilli() + 2000, 1.2, 1.2002)));
        schedule.runCycle();
        Map<String, Object> built = candle(s, "M1", m.toString());
        assertEquals(2, ((Number) built.get("volume")).intValue());

        schedule.runRetention();
        assertEquals(0, ticksStored(s), "ticks past the retention window are pruned");

        postTicks(s, List.of(new T(m.toEpochMilli() + 30_000, 1.5, 1.5002)));
        schedule.runCycle();
        assertEquals(built, candle(s, "M1", m.toString()), "a late tick never rebuilds a pruned minute from partial ticks");

        Api.admin().post("/recompute?symbol=" + s + "&from=" + m + "&to=" + m.plusSeconds(60)).then().statusCode(202);
        schedule.runCycle();
        assertEquals(built, candle(s, "M1", m.toString()), "nor does a recompute");
    }

    @Test
    void importedHistoryIsAggregatedBeforeItIsPruned() throws SQLException {
        String s = Api.uniqueSymbol("IMPORT");
        Instant m = oldMinute(9);
        postTicks(s, List.of(new T(m.toEpochMilli() + 1000, 1.3, 1.3002), new T(m.toEpochMilli() + 59_000, 1.31, 1.3102)));
        schedule.runRetention();
        assertEquals(2, ticksStored(s), "ticks of a minute not yet aggregated are kept");
        schedule.runCycle();
        schedule.runRetention();
        assertEquals(0, ticksStored(s));
        Map<String, Object> c = candle(s, "M1", m.toString());
        assertEquals(2, ((Number) c.get("volume")).intValue());
        assertEquals(1.3101, num(c, "close"), 1e-12);
    }

    @Test
    void aBadRowIsCountedAndSkippedAndNeverBlocksTheJob() throws SQLException {
        String s = Api.uniqueSymbol("BADROW");
        Instant base = Instant.parse("2024-05-06T10:00:00Z");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION test_refuse_candle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.symbol = '" + s + "' AND NEW.ts = '" + base.plusSeconds(60) + "' THEN "
                    + "RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$");
            st.execute("CREATE TRIGGER test_refuse_candle BEFORE INSERT OR UPDATE ON candles "
                    + "FOR EACH ROW EXECUTE FUNCTION test_refuse_candle()");
            // A tick no price can be made of, as an import might store it.
            st.execute("INSERT INTO ticks (symbol, ts, bid, ask) VALUES ('" + s + "', '" + base.plusSeconds(150)
                    + "', 'NaN', 1.1)");
            st.execute("INSERT INTO tick_marks (symbol, slice_ts) VALUES ('" + s + "', '" + base.plusSeconds(150) + "')");
        }
        try {
            postTicks(s, List.of(new T(base.toEpochMilli() + 1000, 1.1, 1.1002),
                    new T(base.toEpochMilli() + 61_000, 1.2, 1.2002),
                    new T(base.toEpochMilli() + 121_000, 1.3, 1.3002)));
            JobRunner.RunResult run = runner.runOnce(aggregator, Duration.ofSeconds(30));
            assertTrue(run.skipped() >= 2, "the refused minute and the NaN tick are counted as skipped: " + run);
            assertEquals(List.of(base.toString(), base.plusSeconds(120).toString()),
                    candles(s, "M1").stream().map(c -> c.get("ts")).toList());
            assertEquals(1, ((Number) candle(s, "M1", base.plusSeconds(120).toString()).get("volume")).intValue(),
                    "the NaN tick is left out of its minute");
            assertEquals(0, count("SELECT count(*) FROM tick_marks WHERE symbol = ?", s), "nothing stays queued");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER test_refuse_candle ON candles");
                st.execute("DROP FUNCTION test_refuse_candle()");
            }
        }
    }

    @Test
    void aCrashBeforeCommitLosesNothingAndTheRerunGivesTheSameCandle() throws SQLException {
        String s = Api.uniqueSymbol("CRASH");
        List<T> ticks = List.of(new T(AggregationFixtures.ms("2024-05-06T11:00:01Z"), 1.1, 1.1002),
                new T(AggregationFixtures.ms("2024-05-06T11:00:02Z"), 1.4, 1.4002));
        postTicks(s, ticks);
        observer.crashOnce(s);
        JobRunner.RunResult crashed = runner.runOnce(aggregator, Duration.ofSeconds(30));
        assertTrue(crashed.partitionsFailed() >= 1, "the crash fails its partition: " + crashed);
        assertNull(candle(s, "M1", "2024-05-06T11:00:00Z"), "the crashed chunk stored nothing");
        assertTrue(count("SELECT count(*) FROM tick_marks WHERE symbol = ?", s) > 0, "its work is still queued");

        schedule.runCycle();
        Map<String, Object> c = candle(s, "M1", "2024-05-06T11:00:00Z");
        assertNotNull(c);
        assertEquals(2, ((Number) c.get("volume")).intValue());
        assertEquals(1.4001, num(c, "close"), 1e-12);
        assertNotNull(candle(s, "M5", "2024-05-06T11:00:00Z"));
    }
}
