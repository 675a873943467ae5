package io.mt5db.ml;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** /query views features, labels, trainset (the seed's M1 views) and model_signals. */
@QuarkusTest
class MlQueryViewsTest {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    @Inject
    DataSource dataSource;

    /** 100 bars, then a 10-minute gap, then 80 bars; indicators written directly (rsi..atr = ts minute). */
    private String series(List<MlData.Bar> bars) throws Exception {
        String symbol = Api.uniqueSymbol("MLQ");
        MlData.insert(dataSource, symbol, bars);
        for (MlData.Bar b : bars) {
            MlData.exec(dataSource, "INSERT INTO indicators (symbol, timeframe, ts, rsi, macd, macd_signal, macd_hist, atr)"
                    + " VALUES (?, 'M1', ?, 50, 0.0001, 0.00008, 0.00002, 0.0003)", symbol, b.ts());
        }
        return symbol;
    }

    private static List<MlData.Bar> gappedBars() {
        List<MlData.Bar> first = MlData.momentum(1, START, 100, 0.3);
        List<MlData.Bar> second = MlData.momentum(2, START.plus(Duration.ofMinutes(110)), 80, 0.3);
        List<MlData.Bar> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static JsonPath query(String view, String symbol, String extra) {
        String body = Api.admin().get("/query?view=" + view + "&symbol=" + symbol
                + (extra.contains("limit=") ? "" : "&limit=100000") + extra).then()
                .log().ifValidationFails().statusCode(200).extract().asString();
        return MlApi.json(body);
    }

    @Test
    void featuresCountTimeNotRows() throws Exception {
        List<MlData.Bar> bars = gappedBars();
        String symbol = series(bars);
        JsonPath page = query("features", symbol, "");
        List<Map<String, Object>> items = page.getList("items");
        assertEquals(bars.size(), items.size());
        assertEquals(List.of("symbol", "ts", "close", "volume", "spread", "rsi", "macd", "macd_signal", "macd_hist", "atr",
                "ma60", "ret_1"), page.getList("columns"));
        // ma60: null until 60 bars of the 60-minute window are there
        for (int i = 0; i < 59; i++) {
            assertNull(items.get(i).get("ma60"), "ma60 of bar " + i);
        }
        double sum = 0;
        for (int i = 0; i < 60; i++) {
            sum += bars.get(i).close();
        }
        assertEquals(sum / 60, ((Number) items.get(59).get("ma60")).doubleValue(), 1e-12);
        // ret_1: null for the first bar and for the first bar after the gap (no bar exactly a minute before)
        assertNull(items.get(0).get("ret_1"));
        assertEquals(Math.log(bars.get(1).close() / bars.get(0).close()), ((Number) items.get(1).get("ret_1")).doubleValue(),
                1e-12);
        assertNull(items.get(100).get("ret_1"), "first bar after the gap");
        // after the gap the window holds fewer than 60 bars for 59 more minutes: ma60 stays null
        for (int i = 100; i < 159; i++) {
            assertNull(items.get(i).get("ma60"), "ma60 across the gap, bar " + i);
        }
        assertNotNull(items.get(159).get("ma60"));

        // a window in the middle gives the same values as the whole series (the function reads back 59 minutes)
        Instant from = bars.get(70).ts();
        JsonPath part = query("features", symbol, "&from=" + from + "&to=" + bars.get(80).ts());
        assertEquals(10, part.getList("items").size());
        assertEquals(((Number) items.get(70).get("ma60")).doubleValue(), part.getDouble("items[0].ma60"), 1e-12);

        // paging by ts continues where the page stopped
        JsonPath first = query("features", symbol, "&limit=50");
        assertEquals(50, first.getList("items").size());
        String cursor = first.getString("next_cursor");
        assertEquals(bars.get(50).ts().toString(), cursor);
    }

    @Test
    void labelsExcludeBarsWithoutAFutureAndTrainsetNeedsEveryFeature() throws Exception {
        List<MlData.Bar> bars = gappedBars();
        String symbol = series(bars);
        List<Map<String, Object>> labels = query("labels", symbol, "").getList("items");
        Set<String> labelled = labels.stream().map(m -> (String) m.get("ts")).collect(Collectors.toSet());
        // the newest 5 bars have no bar 5 minutes later: absent, never label 0
        for (int i = bars.size() - 5; i < bars.size(); i++) {
            assertFalse(labelled.contains(bars.get(i).ts().toString()), "newest bar " + i + " has no future");
        }
        // nor do the last 5 bars before the gap
        for (int i = 95; i < 100; i++) {
            assertFalse(labelled.contains(bars.get(i).ts().toString()), "bar " + i + " before the gap");
        }
        for (Map<String, Object> l : labels) {
            Instant ts = Instant.parse((String) l.get("ts"));
            int i = indexOf(bars, ts);
            double expected = Math.log(bars.get(i + 5).close() / bars.get(i).close());
            assertEquals(bars.get(i + 5).ts(), ts.plus(Duration.ofMinutes(5)));
            assertEquals(expected, ((Number) l.get("fwd_ret_5")).doubleValue(), 1e-12);
            assertEquals(expected > 0 ? 1 : 0, ((Number) l.get("label")).intValue());
        }
        // every bar with a bar exactly 5 minutes later is labelled unless its return is inside the dead band
        long withFuture = 0;
        for (int i = 0; i + 5 < bars.size(); i++) {
            if (bars.get(i + 5).ts().equals(bars.get(i).ts().plus(Duration.ofMinutes(5)))
                    && Math.abs(Math.log(bars.get(i + 5).close() / bars.get(i).close())) > 1e-5) {
                withFuture++;
            }
        }
        assertEquals(withFuture, labels.size());

        List<Map<String, Object>> trainset = query("trainset", symbol, "").getList("items");
        assertFalse(trainset.isEmpty());
        for (Map<String, Object> row : trainset) {
            for (String column : List.of("close", "volume", "spread", "rsi", "macd", "macd_signal", "macd_hist", "atr",
                    "ma60", "ret_1", "fwd_ret_5", "label")) {
                assertNotNull(row.get(column), column + " of " + row.get("ts"));
            }
            assertTrue(labelled.contains((String) row.get("ts")));
        }
        // rows 59..94 (ma60 complete, label present) and 159..174 after the gap, where labelled
        long expected = 0;
        for (int i = 0; i < bars.size(); i++) {
            if (((i >= 59 && i < 95) || (i >= 159 && i < 175)) && labelled.contains(bars.get(i).ts().toString())) {
                expected++;
            }
        }
        assertEquals(expected, trainset.size());

        // paging through the trainset 20 rows at a time gives the same rows (pages may be short, never skip)
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 100; guard++) {
            JsonPath page = query("trainset", symbol, "&limit=20" + (cursor == null ? "" : "&cursor=" + cursor));
            assertTrue(page.getList("items").size() <= 20);
            paged.addAll(page.getList("items.ts"));
            cursor = page.getString("next_cursor");
            if (cursor == null) {
                break;
            }
        }
        assertEquals(trainset.stream().map(r -> r.get("ts")).toList(), paged);
    }

    @Test
    void modelSignalsViewFiltersAndPages() throws Exception {
        String symbol = Api.uniqueSymbol("MLQS");
        for (int i = 0; i < 3; i++) {
            MlData.exec(dataSource, "INSERT INTO model_signals (symbol, timeframe, ts, model_version, prob_up, threshold,"
                    + " label, side, shadow) VALUES (?, 'M1', ?, 'rf-test', 0.7, 0.6, 1, 'BUY', false)", symbol,
                    START.plus(Duration.ofMinutes(i)));
        }
        MlData.exec(dataSource, "INSERT INTO model_signals (symbol, timeframe, ts, model_version, prob_up, threshold,"
                + " label, side, shadow) VALUES (?, 'M5', ?, 'rf-test', 0.2, 0.6, 0, 'SELL', true)", symbol, START);
        JsonPath all = query("model_signals", symbol, "");
        assertEquals(4, all.getList("items").size());
        JsonPath m1 = query("model_signals", symbol, "&timeframe=M1&limit=2");
        assertEquals(2, m1.getList("items").size());
        assertEquals("rf-test", m1.getString("items[0].model_version"));
        assertEquals(false, m1.getBoolean("items[0].shadow"));
        JsonPath rest = query("model_signals", symbol, "&timeframe=M1&cursor=" + m1.getString("next_cursor"));
        assertEquals(1, rest.getList("items").size());
        assertEquals(START.plus(Duration.ofMinutes(2)).toString(), rest.getString("items[0].ts"));
        String csv = Api.admin().get("/query?view=model_signals&format=csv&symbol=" + symbol).then().statusCode(200)
                .extract().asString();
        assertTrue(csv.startsWith("symbol,timeframe,ts,model_version,model_id,prob_up,threshold,label,side,shadow,created_at"),
                csv);
    }

    @Test
    void badRequestsToTheM1ViewsSayWhatIsWrong() {
        Api.admin().get("/query?view=features").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("symbol"));
        Api.admin().get("/query?view=labels&symbol=EURUSD&timeframe=M5").then().statusCode(400)
                .body("detail", containsString("M1"));
        Api.admin().get("/query?view=trainset&symbol=EURUSD&cursor=nonsense").then().statusCode(400)
                .body("detail", containsString("cursor"));
    }

    private static int indexOf(List<MlData.Bar> bars, Instant ts) {
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).ts().equals(ts)) {
                return i;
            }
        }
        throw new AssertionError("no bar at " + ts);
    }
}
