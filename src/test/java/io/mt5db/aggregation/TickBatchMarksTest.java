package io.mt5db.aggregation;

import static org.hamcrest.Matchers.equalTo;
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

/**
 * A tick batch's slice marks ride on the probe of a batch believed new: each stored batch leaves
 * its marks exactly once, whichever path (probe, rolled-back COPY, ON CONFLICT, many runs) stored it.
 */
@QuarkusTest
class TickBatchMarksTest {

    private static final long T0 = Instant.parse("2024-05-07T10:00:00Z").toEpochMilli();

    @Inject
    DataSource dataSource;

    /** {@code count} ticks of one symbol, 250 ms apart from {@code fromMillis}: 30 of them span two slices. */
    private static String ticks(String symbol, long fromMillis, int count, double bid) {
        StringBuilder sb = new StringBuilder("{\"ticks\":[");
        for (int i = 0; i < count; i++) {
            sb.append(i > 0 ? "," : "").append("{\"symbol\":\"").append(symbol).append("\",\"ts_msc\":")
                    .append(fromMillis + 250L * i).append(",\"bid\":").append(bid).append(",\"ask\":").append(bid + 0.1)
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    private static void post(String body, int inserted, int duplicates) {
        Api.ea().body(body).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(inserted)).body("duplicates", equalTo(duplicates));
    }

    /** The symbol's marks in insertion order, as "offset from T0 in seconds x slice count". */
    private List<String> marks(String symbol) throws SQLException {
        List<String> marks = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT slice_ts, slice_count FROM tick_marks WHERE symbol = ? ORDER BY id")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long offset = (rs.getTimestamp(1).toInstant().toEpochMilli() - T0) / 1000;
                    marks.add(offset + "s x" + rs.getInt(2));
                }
            }
        }
        return marks;
    }

    @Test
    void aNewBatchIsMarkedOnceAndItsResendNotAtAll() throws SQLException {
        String symbol = Api.uniqueSymbol("TBM");
        post(ticks(symbol, T0, 30, 1.4), 30, 0);
        assertEquals(List.of("0s x2"), marks(symbol), "one run of the batch's two slices, written once");
        post(ticks(symbol, T0, 30, 1.4), 0, 30);
        assertEquals(List.of("0s x2"), marks(symbol), "a re-sent batch stores nothing and marks nothing");
    }

    @Test
    void aBatchWhoseCopyMeetsAStoredTickIsMarkedOnceForWhatItStored() throws SQLException {
        String symbol = Api.uniqueSymbol("TBC");
        post(ticks(symbol, T0 + 250L * 25, 1, 1.4), 1, 0);
        // First and last ticks are new, so the probe (and its marks) run, then the COPY meets tick 25
        // and rolls back; the ON CONFLICT path stores the rest and marks it.
        post(ticks(symbol, T0, 40, 1.4), 39, 1);
        assertEquals(List.of("5s x1", "0s x2"), marks(symbol));
    }

    @Test
    void aBatchProbedAsStoredIsMarkedByTheOnConflictPathOnly() throws SQLException {
        String symbol = Api.uniqueSymbol("TBS");
        post(ticks(symbol, T0, 30, 1.4), 30, 0);
        // Same times, another bid: the probe finds stored ticks there, so its marks must not be written.
        post(ticks(symbol, T0, 30, 1.45), 30, 0);
        assertEquals(List.of("0s x2", "0s x2"), marks(symbol));
    }

    @Test
    void aBatchOfManyRunsIsMarkedAfterItsCopy() throws SQLException {
        String prefix = Api.uniqueSymbol("TBR");
        StringBuilder body = new StringBuilder("{\"ticks\":[");
        for (int i = 0; i < 20; i++) {
            body.append(i > 0 ? "," : "").append("{\"symbol\":\"").append(prefix).append((char) ('A' + i))
                    .append("\",\"ts_msc\":").append(T0 + 1_000L * i).append(",\"bid\":1.4,\"ask\":1.5}");
        }
        post(body.append("]}").toString(), 20, 0);
        for (int i = 0; i < 20; i++) {
            long slice = (1_000L * i) / 5_000 * 5;
            assertEquals(List.of(slice + "s x1"), marks(prefix + (char) ('A' + i)), "symbol " + i);
        }
    }
}
