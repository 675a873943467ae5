package io.mt5db.cli.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import service against the test database: files in, candles and ticks read back over the API. */
@QuarkusTest
class ImportServiceTest {

    private static final String BAR_HEADER = "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>";
    private static final DateTimeFormatter MT5_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd\tHH:mm:ss", Locale.ROOT);

    /** Numbers as doubles (REST Assured reads floats by default). */
    static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    ImportService imports;

    @Inject
    DataSource dataSource;

    @Inject
    AggregationSchedule aggregation;

    @TempDir
    Path dir;

    private ImportSummary run(Path file, String symbol, String timeframe, ZoneId zone, ImportFormat format, int batch,
            int stopAfter) throws Exception {
        return imports.run(new ImportRequest(file, symbol, timeframe, zone, format, batch, null, false, stopAfter),
                ImportProgress.NONE);
    }

    /** {@code count} M1 bars of an MT5 export starting at a broker-local time; each bar's close encodes its index. */
    private Path mt5Bars(String name, LocalDateTime start, int count) throws IOException {
        List<String> lines = new ArrayList<>(List.of(BAR_HEADER));
        for (int i = 0; i < count; i++) {
            lines.add(bar(start.plusMinutes(i), i));
        }
        return write(name, lines);
    }

    private static String bar(LocalDateTime local, int i) {
        double close = 1.08 + i / 100000.0;
        return String.format(Locale.ROOT, "%s\t%.5f\t%.5f\t%.5f\t%.5f\t%d\t0\t12", MT5_DATE.format(local), 1.08000,
                Math.max(1.08000, close) + 0.00010, 1.07990, close, 100 + i);
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Map<String, Object>> candles(String symbol, String timeframe) {
        return Api.ea().queryParam("symbol", symbol).queryParam("timeframe", timeframe).queryParam("limit", 100000)
                .get("/candles").then().statusCode(200).extract().jsonPath(DOUBLES).getList("items");
    }

    private long rows(String sql, String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void mt5BarsWithAFixedOffsetAreStoredAsPostedCandles() throws Exception {
        String symbol = Api.uniqueSymbol("IMPFIX");
        Path file = mt5Bars("fixed.csv", LocalDateTime.parse("2025-10-20T05:00"), 30);
        ImportSummary summary = run(file, symbol, "M1", ZoneOffset.ofHours(3), ImportFormat.AUTO, 7, 0);
        assertEquals(ImportFormat.MT5_BARS, summary.format());
        assertTrue(summary.complete());
        assertEquals(30, summary.inserted());
        assertEquals(0, summary.rejected());
        List<Map<String, Object>> stored = candles(symbol, "M1");
        assertEquals(30, stored.size());
        assertEquals("2025-10-20T02:00:00Z", stored.get(0).get("ts"), "05:00 at +03:00");
        assertEquals("ea", stored.get(0).get("source"));
        assertEquals(100, ((Number) stored.get(0).get("volume")).intValue());
        assertEquals(0.00012, ((Number) stored.get(0).get("spread")).doubleValue(), 1e-12,
                "12 points at the 5 digits the prices are written with (1.08000, not 1.08)");
        assertEquals(1.08029, ((Number) stored.get(29).get("close")).doubleValue(), 1e-9);

        // the change marks of ingest: the aggregation cycle rolls the imported M1 bars up
        aggregation.runCycle();
        List<Map<String, Object>> m5 = candles(symbol, "M5");
        assertEquals(6, m5.size());
        assertEquals("rollup", m5.get(0).get("source"));
    }

    @Test
    void anIanaZoneAcrossTheAutumnDstChangeStoresEveryBarOnce() throws Exception {
        String symbol = Api.uniqueSymbol("IMPDST");
        // Athens local time: 02:00..03:59 (summer, +03:00), 03:00..04:59 again (winter, +02:00)
        List<String> lines = new ArrayList<>(List.of(BAR_HEADER));
        LocalDateTime t = LocalDateTime.parse("2025-10-26T02:00");
        for (int i = 0; i < 240; i++) {
            LocalDateTime local = i < 120 ? t.plusMinutes(i) : t.plusMinutes(i - 60);
            lines.add(bar(local, i));
        }
        ImportSummary summary = run(write("athens.csv", lines), symbol, "M1", ZoneId.of("Europe/Athens"),
                ImportFormat.MT5_BARS, 50, 0);
        assertEquals(240, summary.inserted(), summary.render());
        assertEquals(0, summary.updated(), "no bar of the repeated hour overwrote one of the first pass");
        List<Map<String, Object>> stored = candles(symbol, "M1");
        assertEquals(240, stored.size());
        Instant first = Instant.parse("2025-10-25T23:00:00Z");
        for (int i = 0; i < 240; i++) {
            assertEquals(first.plusSeconds(60L * i).toString(), stored.get(i).get("ts"), "bar " + i);
            assertEquals(1.08 + i / 100000.0, ((Number) stored.get(i).get("close")).doubleValue(), 1e-9, "bar " + i);
        }
    }

    @Test
    void aMalformedLineIsReportedWithItsNumberAndTheRestIsStored() throws Exception {
        String symbol = Api.uniqueSymbol("IMPBAD");
        List<String> lines = new ArrayList<>(List.of(BAR_HEADER));
        LocalDateTime t = LocalDateTime.parse("2025-10-20T05:00");
        for (int i = 0; i < 10; i++) {
            lines.add(bar(t.plusMinutes(i), i));
        }
        lines.set(4, "2025.10.20\t05:03:00\t1.08\tnot-a-price\t1.07\t1.08\t1\t0\t1"); // line 5
        lines.set(7, "2025.10.20\t05:06:00\t1.08\t1.07\t1.07\t1.08\t1\t0\t1");        // line 8: high < open
        lines.set(9, "2025.1O.20\t05:08:00\t1.08\t1.09\t1.07\t1.08\t1\t0\t1");        // line 10: letter O in the date
        ImportSummary summary = run(write("bad.csv", lines), symbol, "M1", ZoneOffset.UTC, ImportFormat.MT5_BARS, 4, 0);
        assertEquals(7, summary.inserted());
        assertEquals(3, summary.rejected());
        List<String> rejected = summary.firstRejected();
        assertEquals(3, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).startsWith("line 5, field high: high must be a number"), rejected.get(0));
        assertTrue(rejected.get(1).startsWith("line 8, field high: "), rejected.get(1));
        assertTrue(rejected.get(1).contains("[ohlc_inconsistent]"), rejected.get(1));
        assertTrue(rejected.get(2).startsWith("line 10, field <DATE>: "), rejected.get(2));
        assertTrue(summary.render().contains("line 10"), summary.render());
        assertEquals(7, candles(symbol, "M1").size());
    }

    @Test
    void resumingAfterAnInterruptionStoresEveryRowOnce() throws Exception {
        String symbol = Api.uniqueSymbol("IMPRES");
        Path file = mt5Bars("resume.csv", LocalDateTime.parse("2025-10-21T00:00"), 103);
        // the "kill": the run stops after 3 committed batches of 10
        ImportSummary first = run(file, symbol, "M1", ZoneOffset.UTC, ImportFormat.MT5_BARS, 10, 3);
        assertFalse(first.complete());
        assertEquals(30, first.inserted());
        assertEquals(30, rows("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M1'", symbol));
        Path state = ImportCheckpoint.sidecarOf(file);
        assertTrue(Files.exists(state));

        ImportSummary second = run(file, symbol, "M1", ZoneOffset.UTC, ImportFormat.MT5_BARS, 10, 0);
        assertTrue(second.complete());
        assertEquals(31, second.resumedAfterLine(), "header + 30 rows were committed");
        assertEquals(73, second.rowsThisRun(), "only the rest was sent");
        assertEquals(103, second.inserted(), "totals cover both runs");
        assertEquals(0, second.duplicates());
        assertEquals(103, rows("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M1'", symbol));

        // a kill between a batch's commit and its checkpoint: that batch is sent again, as duplicates
        String stored = Files.readString(state).replaceAll("last_line=\\d+", "last_line=94").replace("complete=true", "complete=false");
        Files.writeString(state, stored);
        ImportSummary third = run(file, symbol, "M1", ZoneOffset.UTC, ImportFormat.MT5_BARS, 10, 0);
        assertEquals(10, third.rowsThisRun());
        assertEquals(10, third.duplicates());
        assertEquals(103, rows("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M1'", symbol));

        // a finished file is not read again unless asked
        ImportSummary again = run(file, symbol, "M1", ZoneOffset.UTC, ImportFormat.MT5_BARS, 10, 0);
        assertTrue(again.alreadyComplete());
        assertEquals(0, again.rowsThisRun());
        // ... but read with another offset it is another import (a corrected --broker-offset is not skipped)
        ImportSummary shifted = run(file, symbol, "M1", ZoneOffset.ofHours(1), ImportFormat.MT5_BARS, 10, 0);
        assertFalse(shifted.alreadyComplete());
        assertEquals(103, shifted.rowsThisRun());
    }

    @Test
    void mt5TicksWithCarriedQuotes() throws Exception {
        String symbol = Api.uniqueSymbol("IMPTCK");
        Path file = write("ticks.csv", List.of("<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>",
                "2025.10.20\t05:00:00.123\t1.08550\t1.08570\t\t\t6",
                "2025.10.20\t05:00:00.456\t\t1.08580\t\t\t4",
                "2025.10.20\t05:00:01.001\t1.08560\t\t\t\t2"));
        ImportSummary summary = run(file, symbol, null, ZoneId.of("Europe/Athens"), ImportFormat.AUTO, 1000, 0);
        assertEquals(ImportFormat.MT5_TICKS, summary.format());
        assertEquals(3, summary.inserted(), summary.render());
        List<Map<String, Object>> ticks = Api.ea().queryParam("symbol", symbol).get("/ticks").then().statusCode(200)
                .extract().jsonPath(DOUBLES).getList("items");
        assertEquals(3, ticks.size());
        assertEquals("2025-10-20T02:00:00.123Z", ticks.get(0).get("ts"), "05:00 Athens summer time is +03:00");
        assertEquals(1.0855, ((Number) ticks.get(1).get("bid")).doubleValue(), 1e-12);
        assertEquals(1.0858, ((Number) ticks.get(2).get("ask")).doubleValue(), 1e-12);
    }

    @Test
    void theProductCsvTheOldCsvAndJsonlSpools() throws Exception {
        String source = Api.uniqueSymbol("IMPSRC");
        run(mt5Bars("src.csv", LocalDateTime.parse("2025-10-22T00:00"), 20), source, "M1", ZoneOffset.UTC,
                ImportFormat.MT5_BARS, 100, 0);
        // the product's own CSV, as GET /candles?format=csv writes it, into another symbol
        String csv = Api.ea().queryParam("symbol", source).queryParam("timeframe", "M1").queryParam("format", "csv")
                .get("/candles").then().statusCode(200).extract().asString();
        String copy = Api.uniqueSymbol("IMPCSV");
        Files.writeString(dir.resolve("own.csv"), csv.replace(source, copy));
        ImportSummary own = run(dir.resolve("own.csv"), null, null, ZoneOffset.UTC, ImportFormat.AUTO, 100, 0);
        assertEquals(ImportFormat.CSV, own.format());
        assertEquals(20, own.inserted(), own.render());
        assertEquals(candles(source, "M1").toString().replace(source, copy), candles(copy, "M1").toString());

        String old = Api.uniqueSymbol("IMPOLD");
        ImportSummary oldCsv = run(write("old.csv", List.of("Date,Time,Open,High,Low,Close,Volume",
                "2025.10.20,05:00,1.0855,1.0857,1.0854,1.0856,150.00",
                "2025.10.20,05:01,1.0856,1.0858,1.0855,1.0857,120.00")), old, "M1", ZoneOffset.ofHours(2),
                ImportFormat.AUTO, 100, 0);
        assertEquals(ImportFormat.OLD_CSV, oldCsv.format());
        assertEquals(2, oldCsv.inserted(), oldCsv.render());
        assertEquals("2025-10-20T03:00:00Z", candles(old, "M1").get(0).get("ts"));

        String spool = Api.uniqueSymbol("IMPJSL");
        ImportSummary jsonl = run(write("spool.jsonl", List.of(
                "{\"symbol\":\"" + spool + "\",\"timeframe\":\"M1\",\"ts\":\"2025.10.20 05:00:00\",\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.1,\"volume\":5}",
                "[{\"symbol\":\"" + spool + "\",\"timeframe\":\"M1\",\"ts\":\"2025.10.20 05:01:00\",\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.1}]",
                "{\"ticks\":[{\"symbol\":\"" + spool + "\",\"ts_msc\":1760936400123,\"bid\":1.1,\"ask\":1.1002}]}",
                "{\"symbol\":\"" + spool + "\",\"timeframe\":\"M1\",\"ts\":\"2025.10.20 05:02:00\",\"open\":1.1,\"high\":1.2,")),
                null, null, ZoneOffset.ofHours(3), ImportFormat.AUTO, 100, 0);
        assertEquals(ImportFormat.JSONL, jsonl.format());
        assertEquals(3, jsonl.inserted(), jsonl.render());
        assertEquals(1, jsonl.rejected());
        assertTrue(jsonl.firstRejected().get(0).startsWith("line 4: not a JSON document"), jsonl.firstRejected().toString());
        assertEquals("2025-10-20T02:00:00Z", candles(spool, "M1").get(0).get("ts"), "broker time read in the offset");
        assertEquals(1, rows("SELECT count(*) FROM ticks WHERE symbol = ?", spool));
    }
}
