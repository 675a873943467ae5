package io.mt5db.aggregation;

import static org.hamcrest.Matchers.equalTo;

import io.mt5db.aggregation.math.TickAggregation;
import io.mt5db.testing.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/** HTTP helpers shared by the aggregation end-to-end tests. */
final class AggregationFixtures {

    private AggregationFixtures() {
    }

    /** A tick to post: epoch ms, bid, ask. */
    record T(long ms, double bid, double ask) {
        TickAggregation.Tick stored(long seq) {
            return new TickAggregation.Tick(ms, seq, bid, ask);
        }
    }

    static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** Posts ticks in the given order as one batch; answers how many were inserted. */
    static int postTicks(String symbol, List<T> ticks) {
        StringBuilder body = new StringBuilder("{\"ticks\":[");
        for (int i = 0; i < ticks.size(); i++) {
            T t = ticks.get(i);
            body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":%s,\"ask\":%s}", symbol, t.ms(), t.bid(), t.ask()));
        }
        body.append("]}");
        return Api.ea().body(body.toString()).post("/ingest/tick?details=none").then().statusCode(200)
                .body("rejected", equalTo(0)).extract().path("inserted");
    }

    /** Posts ea candles {ts, o, h, l, c, volume, spread} of one timeframe. */
    static void postCandles(String symbol, String timeframe, List<double[]> rows, List<String> ts) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"symbol\":\"%s\",\"timeframe\":\"%s\",\"ts\":\"%s\",\"open\":%s,\"high\":%s,\"low\":%s,"
                            + "\"close\":%s,\"volume\":%d,\"spread\":%s}",
                    symbol, timeframe, ts.get(i), r[0], r[1], r[2], r[3], (long) r[4], r[5]));
        }
        body.append("]");
        Api.ea().body(body.toString()).post("/ingest_batch?details=errors").then().statusCode(200)
                .body("rejected", equalTo(0));
    }

    static List<Map<String, Object>> candles(String symbol, String timeframe) {
        JsonPath json = Api.ea().get("/candles?limit=100000&symbol=" + symbol + "&timeframe=" + timeframe).then()
                .statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        return new ArrayList<>(json.getList("items"));
    }

    static Map<String, Object> candle(String symbol, String timeframe, String ts) {
        return candles(symbol, timeframe).stream().filter(c -> ts.equals(c.get("ts"))).findFirst().orElse(null);
    }

    static double num(Map<String, Object> candle, String field) {
        return ((Number) candle.get(field)).doubleValue();
    }

    /** A one-number query with the symbol as its only parameter ({@code SELECT count(*) ... WHERE symbol = ?}). */
    static long count(DataSource dataSource, String sql, String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
