package io.mt5db.ingest;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CandleIngestTest {

    @Inject
    DataSource dataSource;

    static String candle(String symbol, String timeframe, String tsJson, double open, double high, double low,
            double close, String extra) {
        return Api.candle(symbol, timeframe, tsJson, open, high, low, close, extra);
    }

    static String m1(String symbol, String tsJson) {
        return Api.m1(symbol, tsJson);
    }

    private ValidatableResponse post(String path, String body, String brokerOffset) {
        var request = Api.ea().body(body);
        if (brokerOffset != null) {
            request = request.header("X-Broker-Offset", brokerOffset);
        }
        return request.post(path).then().log().ifValidationFails();
    }

    @Test
    void everyTimestampFormIsReadAndFlooredToItsUtcBucket() {
        String s = Api.uniqueSymbol("TSF");
        long epoch = Instant.parse("2024-05-06T07:08:09Z").getEpochSecond();
        String body = "[" + String.join(",",
                m1(s, "\"2024-05-06T07:08:09Z\""),
                m1(s, "\"2024-05-06T09:09:09+02:00\""),
                m1(s, "\"2024-05-06T07:10:09\""),
                m1(s, Long.toString(epoch + 180)),
                m1(s, Long.toString((epoch + 240) * 1000)),
                m1(s, "\"" + (epoch + 300) + "\""),
                m1(s, "\"2024.05.06 07:14:09\""),
                m1(s, "\"2024.05.06 07:15\"")) + "]";
        post("/ingest_batch", body, null).statusCode(200)
                .body("inserted", equalTo(8))
                .body("details.ts_bucket", contains("2024-05-06T07:08:00Z", "2024-05-06T07:09:00Z",
                        "2024-05-06T07:10:00Z", "2024-05-06T07:11:00Z", "2024-05-06T07:12:00Z", "2024-05-06T07:13:00Z",
                        "2024-05-06T07:14:00Z", "2024-05-06T07:15:00Z"))
                .body("details[0].ts_original", equalTo("2024-05-06T07:08:09Z"));
    }

    @Test
    void brokerOffsetAppliesToEveryTimestampWithoutAnExplicitOffset() {
        String s = Api.uniqueSymbol("BRK");
        // Broker time 09:30 at +02:00 is 07:30Z; the epoch number counts broker seconds too.
        long brokerEpoch = Instant.parse("2024-05-06T09:31:00Z").getEpochSecond();
        String body = "[" + String.join(",",
                m1(s, "\"2024.05.06 09:30:00\""),
                m1(s, Long.toString(brokerEpoch)),
                m1(s, "\"2024-05-06T09:32:00\""),
                m1(s, "\"2024-05-06T07:33:00Z\"")) + "]";
        post("/ingest_batch", body, "+02:00").statusCode(200)
                .body("details.ts_bucket", contains("2024-05-06T07:30:00Z", "2024-05-06T07:31:00Z",
                        "2024-05-06T07:32:00Z", "2024-05-06T07:33:00Z"));
        // An IANA zone follows DST: Athens is +03:00 in May.
        post("/ingest", m1(s, "\"2024.05.06 10:40:00\""), "Europe/Athens").statusCode(200)
                .body("details[0].ts_bucket", equalTo("2024-05-06T07:40:00Z"));
        post("/ingest", m1(s, "\"2024.05.06 10:40:00\""), "Not/AZone").statusCode(400)
                .body("detail", containsString("X-Broker-Offset"));
    }

    @Test
    void higherTimeframesMustStartOnAUtcBucket() {
        String s = Api.uniqueSymbol("ALN");
        String body = "[" + String.join(",",
                candle(s, "H4", "\"2024-05-06T20:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "H4", "\"2024-05-06T22:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "D1", "\"2024-05-06T00:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "D1", "\"2024-05-06T21:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "W1", "\"2024-05-05T00:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "W1", "\"2024-05-06T00:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "MN1", "\"2024-05-01T00:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "MN1", "\"2024-05-02T00:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "D1", "\"2024.05.07 00:00\"", 1.1, 1.2, 1.0, 1.15, null),
                candle(s, "H1", "\"2024-05-06T20:59:59Z\"", 1.1, 1.2, 1.0, 1.15, null)) + "]";
        // With +03:00, broker midnight is 21:00Z: the D1 at broker midnight is misaligned in UTC.
        post("/ingest_batch", body, "+03:00").statusCode(200)
                .body("ok", equalTo(false))
                .body("inserted", equalTo(5))
                .body("rejected", equalTo(5))
                .body("details.status", contains("inserted", "rejected", "inserted", "rejected", "inserted",
                        "rejected", "inserted", "rejected", "rejected", "inserted"))
                .body("details[1].reason", equalTo("misaligned"))
                .body("details[1].field", equalTo("ts"))
                .body("details[8].reason", equalTo("misaligned"))
                .body("details[9].ts_bucket", equalTo("2024-05-06T20:00:00Z"));
    }

    @Test
    void eachInvalidItemIsRejectedWithItsIndexFieldAndReasonWhileTheRestIsStored() {
        String s = Api.uniqueSymbol("VAL");
        String future = "\"" + Instant.now().plusSeconds(3600) + "\"";
        String body = "[" + String.join(",",
                m1(s, "\"2024-05-06T07:00:00Z\""),
                m1("bad symbol!", "\"2024-05-06T07:01:00Z\""),
                candle(s, "M2", "\"2024-05-06T07:02:00Z\"", 1.1, 1.2, 1.0, 1.15, null),
                m1(s, "\"not a time\""),
                candle(s, "M1", "\"2024-05-06T07:04:00Z\"", -1.1, 1.2, 1.0, 1.15, null),
                candle(s, "M1", "\"2024-05-06T07:05:00Z\"", 1.1, 1.2, 1.12, 1.15, null),
                candle(s, "M1", "\"2024-05-06T07:06:00Z\"", 1.1, 1.12, 1.0, 1.15, null),
                candle(s, "M1", "\"2024-05-06T07:07:00Z\"", 1.1, 1.2, 1.0, 1.15, "\"volume\":-1"),
                candle(s, "M1", "\"2024-05-06T07:08:00Z\"", 1.1, 1.2, 1.0, 1.15, "\"spread\":-0.1"),
                m1(s, future),
                "{\"symbol\":\"" + s + "\",\"timeframe\":\"M1\",\"ts\":\"2024-05-06T07:10:00Z\",\"open\":1.1,\"high\":1.2,\"low\":1.0}",
                candle(s, "M1", "\"2024-05-06T07:11:00Z\"", 1.1, 1.2, 1.0, 1.15, "\"volume\":1.5"),
                "{\"symbol\":\"" + s + "\",\"timeframe\":\"M1\",\"ts\":\"2024-05-06T07:12:00Z\",\"open\":\"abc\",\"high\":1.2,\"low\":1.0,\"close\":1.1}",
                "42") + "]";
        post("/ingest_batch", body, null).statusCode(200)
                .body("ok", equalTo(false))
                .body("received", equalTo(14))
                .body("inserted", equalTo(1))
                .body("rejected", equalTo(13))
                .body("details.reason", contains(nullValue(), equalTo("invalid_symbol"), equalTo("invalid_timeframe"),
                        equalTo("invalid_ts"), equalTo("invalid_price"), equalTo("ohlc_inconsistent"),
                        equalTo("ohlc_inconsistent"), equalTo("invalid_volume"), equalTo("invalid_spread"),
                        equalTo("future_ts"), equalTo("missing_field"), equalTo("invalid_volume"),
                        equalTo("invalid_price"), equalTo("invalid_item")))
                .body("details.field", contains(nullValue(), equalTo("symbol"), equalTo("timeframe"), equalTo("ts"),
                        equalTo("open"), equalTo("low"), equalTo("high"), equalTo("volume"), equalTo("spread"),
                        equalTo("ts"), equalTo("close"), equalTo("volume"), equalTo("open"), nullValue()))
                .body("details[4].error", containsString("open must be positive"))
                .body("details[9].error", containsString("X-Broker-Offset"));
    }

    @Test
    void statusesFollowSourcePrecedenceAndWholeRowReplacement() throws SQLException {
        String s = Api.uniqueSymbol("STA");
        String full = candle(s, "M1", "\"2024-05-06T08:00:00Z\"", 1.1, 1.2, 1.0, 1.15,
                "\"volume\":10,\"spread\":0.0002,\"bid\":1.15,\"ask\":1.1502,\"real_volume\":5");
        post("/ingest", full, null).statusCode(200).body("inserted", equalTo(1)).body("details[0].status", equalTo("inserted"));
        post("/ingest", full, null).statusCode(200).body("duplicates", equalTo(1)).body("details[0].status", equalTo("duplicate"));
        String changed = candle(s, "M1", "\"2024-05-06T08:00:30Z\"", 1.1, 1.25, 1.0, 1.2, "\"volume\":12");
        post("/ingest", changed, null).statusCode(200).body("updated", equalTo(1)).body("details[0].status", equalTo("updated"));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT high, close, volume, spread, bid, source FROM candles WHERE symbol = ? AND timeframe = 'M1'")) {
            ps.setString(1, s);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1.25, rs.getDouble(1));
                assertEquals(1.2, rs.getDouble(2));
                assertEquals(12, rs.getLong(3));
                assertNull(rs.getObject(4), "a re-send replaces the whole row: omitted spread becomes null");
                assertNull(rs.getObject(5));
                assertEquals("ea", rs.getString(6));
            }
        }
        // A ticks- or rollup-sourced row with the very same values is still replaced by a posted candle.
        for (String source : new String[] {"ticks", "rollup"}) {
            String ts = source.equals("ticks") ? "2024-05-06T09:00:00Z" : "2024-05-06T09:05:00Z";
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO candles (symbol, timeframe, ts, open, high, low, close, volume, source) VALUES ('"
                        + s + "', 'M5', '" + ts + "', 1.1, 1.2, 1.0, 1.15, 7, '" + source + "')");
            }
            post("/ingest", candle(s, "M5", "\"" + ts + "\"", 1.1, 1.2, 1.0, 1.15, "\"volume\":7"), null)
                    .statusCode(200).body("details[0].status", equalTo("updated"));
            assertEquals("ea", sourceOf(s, "M5", ts));
        }
    }

    @Test
    void repeatedKeysInOneRequestApplyInOrder() throws SQLException {
        String s = Api.uniqueSymbol("REP");
        String a = candle(s, "M1", "\"2024-05-06T10:00:00Z\"", 1.1, 1.2, 1.0, 1.15, "\"volume\":1");
        String b = candle(s, "M1", "\"2024-05-06T10:00:40Z\"", 1.1, 1.3, 1.0, 1.25, "\"volume\":2");
        post("/ingest_batch", "[" + a + "," + a + "," + b + "," + b + "," + a + "]", null).statusCode(200)
                .body("details.status", contains("inserted", "duplicate", "updated", "duplicate", "updated"))
                .body("inserted", equalTo(1)).body("updated", equalTo(2)).body("duplicates", equalTo(2));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT close, volume FROM candles WHERE symbol = ?")) {
            ps.setString(1, s);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1.15, rs.getDouble(1), "the last item of the request wins");
                assertEquals(1, rs.getLong(2));
            }
        }
    }

    @Test
    void atomicModeStoresNothingWhenAnyItemIsInvalid() throws SQLException {
        String s = Api.uniqueSymbol("ATO");
        String body = "[" + m1(s, "\"2024-05-06T11:00:00Z\"") + "," + m1(s, "\"nope\"") + "]";
        Api.ea().body(body).post("/ingest_batch?atomic=true").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].index", equalTo(1)).body("errors[0].field", equalTo("ts"));
        assertEquals(0, countRows(s));
        Api.ea().body("[" + m1(s, "\"2024-05-06T11:00:00Z\"") + "]").post("/ingest_batch?atomic=true").then()
                .statusCode(200).body("inserted", equalTo(1));
    }

    @Test
    void detailsCanBeLimitedToErrorsOrNone() {
        String s = Api.uniqueSymbol("DET");
        String body = "[" + m1(s, "\"2024-05-06T12:00:00Z\"") + "," + m1(s, "\"bad\"") + "," + m1(s, "\"2024-05-06T12:02:00Z\"") + "]";
        Api.ea().body(body).post("/ingest_batch?details=errors").then().statusCode(200)
                .body("details", hasSize(1)).body("details[0].index", equalTo(1)).body("duplicates", equalTo(0));
        Api.ea().body(body).post("/ingest_batch?details=none").then().statusCode(200)
                .body("details", hasSize(0)).body("duplicates", equalTo(2)).body("rejected", equalTo(1));
        Api.ea().body(body).post("/ingest_batch?details=some").then().statusCode(400);
    }

    @Test
    void ingestAcceptsASingleObjectAnItemsEnvelopeAndSpreadPoints() throws SQLException {
        String s = Api.uniqueSymbol("ENV");
        post("/ingest", "{\"items\":[" + candle(s, "M1", "\"2024-05-06T13:00:00Z\"", 1.08551, 1.08571, 1.08541, 1.08561,
                "\"spread_points\":15,\"rsi\":55.5,\"unknown\":true") + "]}", null)
                .statusCode(200).body("inserted", equalTo(1));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT spread FROM candles WHERE symbol = ?")) {
            ps.setString(1, s);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0.00015, rs.getDouble(1), 1e-12, "15 points at 5 digits");
            }
        }
    }

    @Test
    void cursorAndReadApiShowWhatWasStored() {
        String s = Api.uniqueSymbol("RD");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            body.append(i > 0 ? "," : "").append(m1(s, "\"2024-05-06T14:0" + i + ":00Z\""));
        }
        post("/ingest_batch", body.append("]").toString(), null).statusCode(200).body("inserted", equalTo(5));
        Api.ea().get("/ingest/cursor?symbol=" + s + "&timeframe=M1").then().statusCode(200)
                .body("ts", equalTo("2024-05-06T14:04:00Z"));
        Api.ea().get("/ingest/cursor?symbol=" + s + "&timeframe=H1").then().statusCode(200).body("ts", nullValue());
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=2024-05-06T14:01:00Z&to=2024-05-06T14:04:00Z&limit=2")
                .then().statusCode(200)
                .body("items.ts", contains("2024-05-06T14:01:00Z", "2024-05-06T14:02:00Z"))
                .body("items[0].source", equalTo("ea"))
                .body("items[0].spread", equalTo(0.0002f))
                .body("next_cursor", equalTo("2024-05-06T14:03:00Z"));
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=2024-05-06T14:03:00Z&to=2024-05-06T14:04:00Z")
                .then().statusCode(200).body("items", hasSize(1)).body("next_cursor", nullValue());
        String csv = Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&format=csv&indicators=true&limit=1")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .header("X-Next-Cursor", equalTo("2024-05-06T14:01:00Z")).extract().asString();
        assertEquals("symbol,timeframe,ts,open,high,low,close,volume,spread,source,rsi,macd,macd_signal,macd_hist,atr,"
                + "bb_upper,bb_middle,bb_lower\n" + s + ",M1,2024-05-06T14:00:00Z,1.1,1.2,1,1.15,10,0.0002,ea,,,,,,,,\n", csv);
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M7").then().statusCode(400).body("detail", containsString("timeframe"));
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&limit=0").then().statusCode(400);
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=2024-05-06T15:00:00Z&to=2024-05-06T14:00:00Z").then().statusCode(400);
    }

    private String sourceOf(String symbol, String timeframe, String ts) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT source FROM candles WHERE symbol = ? AND timeframe = ? AND ts = ?")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            ps.setObject(3, OffsetDateTime.parse(ts));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private int countRows(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM candles WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
