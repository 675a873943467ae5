package io.mt5db.ingest;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TickIngestTest {

    @Inject
    DataSource dataSource;

    static String tick(String symbol, String tsField, String tsJson, double bid, double ask, String extra) {
        return "{\"symbol\":\"" + symbol + "\",\"" + tsField + "\":" + tsJson + ",\"bid\":" + bid + ",\"ask\":" + ask
                + (extra == null ? "" : "," + extra) + "}";
    }

    @Test
    void ticksKeepMillisecondsAndEveryTimestampForm() throws SQLException {
        String s = Api.uniqueSymbol("TK");
        long ms = Instant.parse("2024-05-06T07:08:09.123Z").toEpochMilli();
        String body = "{\"ticks\":[" + String.join(",",
                tick(s, "ts", "\"2024-05-06T07:08:09.123Z\"", 1.1, 1.1002, null),
                tick(s, "ts_msc", Long.toString(ms + 1), 1.1, 1.1002, null),
                tick(s, "ts", Long.toString(ms + 2), 1.1, 1.1002, null),
                tick(s, "ts", "\"2024.05.06 07:08:10\"", 1.1, 1.1002, "\"last\":1.1001,\"volume\":3,\"flags\":6")) + "]}";
        Api.ea().body(body).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(4))
                .body("details.ts", contains("2024-05-06T07:08:09.123Z", "2024-05-06T07:08:09.124Z",
                        "2024-05-06T07:08:09.125Z", "2024-05-06T07:08:10Z"));
        // ts_msc counts in broker time like every other offset-less value.
        String s2 = Api.uniqueSymbol("TKB");
        Api.ea().header("X-Broker-Offset", "+03:00")
                .body("{\"ticks\":[" + tick(s2, "ts_msc", Long.toString(ms + 3 * 3600_000L), 1.1, 1.1002, null) + "]}")
                .post("/ingest/tick").then().statusCode(200).body("details[0].ts", equalTo("2024-05-06T07:08:09.123Z"));
        assertEquals(4, count(s));
    }

    @Test
    void identicalTicksAreDuplicatesButDistinctTicksWithTheSameTsAreAllKept() throws SQLException {
        String s = Api.uniqueSymbol("TKD");
        String a = tick(s, "ts_msc", "1714979289123", 1.1, 1.1002, null);
        String b = tick(s, "ts_msc", "1714979289123", 1.1001, 1.1003, null);
        String c = tick(s, "ts_msc", "1714979289123", 1.1, 1.1002, "\"volume\":2");
        Api.ea().body("{\"ticks\":[" + a + "," + b + "," + a + "," + c + "]}").post("/ingest/tick").then().statusCode(200)
                .body("details.status", contains("inserted", "inserted", "duplicate", "inserted"))
                .body("inserted", equalTo(3)).body("duplicates", equalTo(1));
        Api.ea().body("{\"ticks\":[" + b + "," + a + "]}").post("/ingest/tick").then().statusCode(200)
                .body("details.status", contains("duplicate", "duplicate"));
        assertEquals(3, count(s));
        // Equal ts keep arrival order.
        List<Double> bids = new ArrayList<>();
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT bid FROM ticks WHERE symbol = ? ORDER BY ts, seq")) {
            ps.setString(1, s);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bids.add(rs.getDouble(1));
                }
            }
        }
        assertEquals(List.of(1.1, 1.1001, 1.1), bids);
    }

    @Test
    void invalidTicksAreRejectedWithTheirField() {
        String s = Api.uniqueSymbol("TKV");
        String body = "{\"ticks\":[" + String.join(",",
                tick(s, "ts_msc", "1714979289123", 1.1003, 1.1002, null),
                tick(s, "ts_msc", "1714979289124", -1, 1.1002, null),
                tick(s, "ts_msc", "\"soon\"", 1.1, 1.1002, null),
                "{\"symbol\":\"" + s + "\",\"ts_msc\":1714979289125,\"bid\":1.1}",
                tick(s, "ts_msc", "1714979289126", 1.1, 1.1002, "\"flags\":-4"),
                tick(s, "ts_msc", "1714979289127", 1.1, 1.1002, null)) + "]}";
        Api.ea().body(body).post("/ingest/tick").then().statusCode(200)
                .body("ok", equalTo(false)).body("inserted", equalTo(1)).body("rejected", equalTo(5))
                .body("details.reason", contains(equalTo("crossed_quote"), equalTo("invalid_price"), equalTo("invalid_ts"),
                        equalTo("missing_field"), equalTo("invalid_flags"), org.hamcrest.Matchers.nullValue()))
                .body("details.field", contains(equalTo("bid"), equalTo("bid"), equalTo("ts_msc"), equalTo("ask"),
                        equalTo("flags"), org.hamcrest.Matchers.nullValue()));
        Api.ea().body(body).post("/ingest/tick?atomic=true").then().statusCode(422).body("errors", hasSize(5));
    }

    @Test
    void theOldSystemsTickRoutesStillWork() throws SQLException {
        String s = Api.uniqueSymbol("OLD");
        Api.ea().body("{\"symbol\":\"" + s + "\",\"time\":1714979289,\"bid\":1.1,\"ask\":1.1002,\"last\":0,\"volume\":0}")
                .post("/tick").then().statusCode(200).body("inserted", equalTo(1))
                .body("details[0].ts", equalTo("2024-05-06T07:08:09Z"));
        Api.ea().body("[{\"symbol\":\"" + s + "\",\"time\":1714979290,\"bid\":1.1,\"ask\":1.1002},"
                + "{\"symbol\":\"" + s + "\",\"time\":1714979291,\"bid\":1.1,\"ask\":1.1002}]")
                .post("/tick/bulk").then().statusCode(200).body("inserted", equalTo(2));
        assertEquals(3, count(s));
        Api.ea().get("/ticks?symbol=" + s + "&limit=2").then().statusCode(200)
                .body("items.ts", contains("2024-05-06T07:08:09Z", "2024-05-06T07:08:10Z"))
                .body("items[0].last", equalTo(0.0f));
        String cursor = Api.ea().get("/ticks?symbol=" + s + "&limit=2").then().extract().path("next_cursor");
        Api.ea().get("/ticks?symbol=" + s + "&limit=2&cursor=" + cursor).then().statusCode(200)
                .body("items.ts", contains("2024-05-06T07:08:11Z")).body("next_cursor", org.hamcrest.Matchers.nullValue());
        String csv = Api.ea().get("/ticks?symbol=" + s + "&format=csv&from=2024-05-06T07:08:10Z").then().statusCode(200)
                .extract().asString();
        assertEquals("symbol,ts,bid,ask,last,volume,flags\n" + s + ",2024-05-06T07:08:10Z,1.1,1.1002,,,\n" + s
                + ",2024-05-06T07:08:11Z,1.1,1.1002,,,\n", csv);
    }

    private int count(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM ticks WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
