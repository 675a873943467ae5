package io.mt5db.aggregation;

import static io.mt5db.aggregation.AggregationFixtures.T;
import static io.mt5db.aggregation.AggregationFixtures.candle;
import static io.mt5db.aggregation.AggregationFixtures.candles;
import static io.mt5db.aggregation.AggregationFixtures.ms;
import static io.mt5db.aggregation.AggregationFixtures.postTicks;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** DELETE /candles and POST /recompute: derived candles are rebuilt from what is stored. */
@QuarkusTest
class CandleRepairTest {

    @Inject
    AggregationSchedule schedule;

    @Inject
    DataSource dataSource;

    private static final String RANGE = "&from=2024-07-01T10:00:00Z&to=2024-07-01T10:05:00Z";

    @Test
    void deletedCandlesComeBackFromTicksAfterARecompute() throws SQLException {
        String s = Api.uniqueSymbol("REPAIR");
        postTicks(s, List.of(new T(ms("2024-07-01T10:00:10Z"), 1.1, 1.1002), new T(ms("2024-07-01T10:01:10Z"), 1.2, 1.2002),
                new T(ms("2024-07-01T10:02:10Z"), 1.3, 1.3002)));
        schedule.runCycle();
        Map<String, Object> m5 = candle(s, "M5", "2024-07-01T10:00:00Z");
        List<Map<String, Object>> m1 = candles(s, "M1");
        assertEquals(3, m1.size());

        Api.admin().delete("/candles?symbol=" + s + "&timeframe=M1" + RANGE).then().statusCode(200)
                .body("deleted", equalTo(3));
        schedule.runCycle();
        assertEquals(List.of(), candles(s, "M1"));
        assertEquals(List.of(), candles(s, "M5"), "roll-ups of the deleted bars are gone too");

        Api.admin().post("/recompute?symbol=" + s + RANGE).then().statusCode(202)
                .body("slices_marked", greaterThan(0));
        schedule.runCycle();
        assertEquals(m1, candles(s, "M1"), "the same candles, from the same ticks");
        assertEquals(m5.get("close"), candle(s, "M5", "2024-07-01T10:00:00Z").get("close"));

        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM ticks WHERE symbol = ? AND ts >= '2024-07-01T10:02:00Z'")) {
            ps.setString(1, s);
            ps.executeUpdate();
        }
        Api.admin().post("/recompute?symbol=" + s + RANGE).then().statusCode(202);
        schedule.runCycle();
        assertNull(candle(s, "M1", "2024-07-01T10:02:00Z"), "a minute without ticks left has no tick candle");
        assertEquals(2, candles(s, "M1").size());
        assertEquals(1.2001, ((Number) candle(s, "M5", "2024-07-01T10:00:00Z").get("close")).doubleValue(), 1e-12);
        assertEquals(3, auditEntries(s), "the delete and both recomputes are audited");
    }

    private long auditEntries(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM audit_log WHERE action LIKE 'candles.%' AND target LIKE ?")) {
            ps.setString(1, "%" + symbol + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void repairNeedsAnAdminKeyAndAFullRange() {
        Api.ea().delete("/candles?symbol=EURUSD&timeframe=M1" + RANGE).then().statusCode(403);
        Api.ea().post("/recompute?symbol=EURUSD" + RANGE).then().statusCode(403);
        Api.admin().delete("/candles?symbol=EURUSD&timeframe=M1&from=2024-07-01T10:00:00Z").then().statusCode(400);
        Api.admin().delete("/candles?symbol=EURUSD&from=2024-07-01T10:00:00Z&to=2024-07-02T00:00:00Z").then().statusCode(400);
        Api.admin().post("/recompute?symbol=EURUSD&from=2024-07-02T00:00:00Z&to=2024-07-01T00:00:00Z").then().statusCode(400);
    }
}
