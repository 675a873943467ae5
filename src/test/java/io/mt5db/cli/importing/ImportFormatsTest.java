package io.mt5db.cli.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each file format on its own: lines in, the JSON items the ingest receives out. */
class ImportFormatsTest {

    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");

    private static List<ImportRecord> read(LineFormat format, String... lines) throws LineException {
        List<ImportRecord> out = new ArrayList<>();
        int start = format.header(lines[0]) ? 1 : 0;
        for (int i = start; i < lines.length; i++) {
            format.parse(lines[i], i + 1, out::add);
        }
        return out;
    }

    @Test
    void mt5BarsWithAFixedOffset() throws LineException {
        List<ImportRecord> rows = read(new Mt5BarFormat("EURUSD", "M1", new BrokerClock(ZoneOffset.ofHours(2))),
                "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
                "2025.10.20\t05:00:00\t1.08550\t1.08570\t1.08540\t1.08560\t150\t0\t12");
        assertEquals(1, rows.size());
        JsonNode item = rows.get(0).item();
        assertFalse(rows.get(0).tick());
        assertEquals(2, rows.get(0).line());
        assertEquals("EURUSD", item.get("symbol").asText());
        assertEquals("M1", item.get("timeframe").asText());
        assertEquals("2025-10-20T03:00:00Z", item.get("ts").asText());
        assertEquals("1.08550", item.get("open").asText());
        assertEquals("150", item.get("volume").asText());
        assertEquals("0", item.get("real_volume").asText());
        assertEquals("12", item.get("spread_points").asText(), "points, converted by ingest with the symbol's point");
        assertNull(item.get("spread"));

        // without the symbol's point in its metadata: converted with the digits the prices are written with
        List<ImportRecord> unknown = read(new Mt5BarFormat("EURUSD", "M1", new BrokerClock(ZoneOffset.UTC), false),
                "2025.10.20\t05:00:00\t1.08550\t1.08570\t1.08540\t1.08560\t150\t0\t12");
        assertEquals(0.00012, unknown.get(0).item().get("spread").doubleValue(), 0.0, "1.08550 has 5 digits, 1.0855 only 4");
        assertNull(unknown.get(0).item().get("spread_points"));
    }

    @Test
    void mt5DailyBarsWithoutATimeColumn() throws LineException {
        List<ImportRecord> withHeader = read(new Mt5BarFormat("EURUSD", "D1", new BrokerClock(ZoneOffset.UTC)),
                "<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
                "2025.10.20\t1.08550\t1.08970\t1.08140\t1.08560\t95000\t0\t8");
        assertEquals("2025-10-20T00:00:00Z", withHeader.get(0).item().get("ts").asText());
        assertEquals("1.08970", withHeader.get(0).item().get("high").asText());
        List<ImportRecord> bare = read(new Mt5BarFormat("EURUSD", "D1", new BrokerClock(ZoneOffset.UTC)),
                "2025.10.21\t1.08550\t1.08970\t1.08140\t1.08560\t95000\t0\t8");
        assertEquals("2025-10-21T00:00:00Z", bare.get(0).item().get("ts").asText());
        assertEquals("95000", bare.get(0).item().get("volume").asText());
    }

    @Test
    void anIanaZoneKeepsBothPassesOfTheRepeatedAutumnHour() throws LineException {
        // Europe/Athens leaves summer time on 2025-10-26 at 04:00 local (01:00Z): 03:00-03:59 happens twice.
        List<String> lines = new ArrayList<>(List.of("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>"));
        for (String t : List.of("02:59", "03:00", "03:30", "03:59", "03:00", "03:30", "03:59", "04:00")) {
            lines.add("2025.10.26\t" + t + ":00\t1.1\t1.2\t1.0\t1.1\t1\t0\t1");
        }
        List<ImportRecord> rows = read(new Mt5BarFormat("EURUSD", "M1", new BrokerClock(ATHENS)), lines.toArray(String[]::new));
        List<String> ts = rows.stream().map(r -> r.item().get("ts").asText()).toList();
        assertEquals(List.of("2025-10-25T23:59:00Z", "2025-10-26T00:00:00Z", "2025-10-26T00:30:00Z", "2025-10-26T00:59:00Z",
                "2025-10-26T01:00:00Z", "2025-10-26T01:30:00Z", "2025-10-26T01:59:00Z", "2025-10-26T02:00:00Z"), ts);
    }

    @Test
    void brokerClockInSummerAndWinterAndTheSpringGap() {
        BrokerClock clock = new BrokerClock(ATHENS);
        assertEquals(Instant.parse("2025-07-01T09:00:00Z"), clock.toInstant(LocalDateTime.parse("2025-07-01T12:00")));
        assertEquals(Instant.parse("2025-12-01T10:00:00Z"), clock.toInstant(LocalDateTime.parse("2025-12-01T12:00")));
        // 2025-03-30 03:00-03:59 does not exist in Athens: moved forward by the gap, as ZonedDateTime does
        assertEquals(Instant.parse("2025-03-30T01:30:00Z"), new BrokerClock(ATHENS).toInstant(LocalDateTime.parse("2025-03-30T03:30")));
    }

    @Test
    void mt5TicksCarryAnUnchangedBidOrAskForward() throws LineException {
        List<ImportRecord> rows = read(new Mt5TickFormat("EURUSD", new BrokerClock(ZoneOffset.ofHours(3))),
                "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>",
                "2025.10.20\t05:00:00.123\t1.08550\t1.08570\t\t\t6",
                "2025.10.20\t05:00:00.456\t\t1.08580\t\t\t4",
                "2025.10.20\t05:00:01.001\t1.08560\t\t\t\t2");
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).tick());
        assertEquals("2025-10-20T02:00:00.123Z", rows.get(0).item().get("ts").asText());
        assertEquals(6, rows.get(0).item().get("flags").intValue());
        assertNull(rows.get(0).item().get("last"));
        assertEquals("1.08550", rows.get(1).item().get("bid").asText(), "empty BID: unchanged");
        assertEquals("1.08580", rows.get(1).item().get("ask").asText());
        assertEquals("1.08560", rows.get(2).item().get("bid").asText());
        assertEquals("1.08580", rows.get(2).item().get("ask").asText(), "empty ASK: unchanged");
    }

    @Test
    void aTickBeforeAnyBidIsReportedNotGuessed() throws LineException {
        Mt5TickFormat format = new Mt5TickFormat("EURUSD", new BrokerClock(ZoneOffset.UTC));
        format.header("<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>");
        LineException e = assertThrows(LineException.class,
                () -> format.parse("2025.10.20\t05:00:00.123\t\t1.08570\t\t\t4", 2, r -> { }));
        assertEquals("<BID>", e.field());
        assertTrue(e.getMessage().contains("no earlier tick"), e.getMessage());
    }

    @Test
    void malformedCellsNameTheirField() throws LineException {
        Mt5BarFormat format = new Mt5BarFormat("EURUSD", "M1", new BrokerClock(ZoneOffset.UTC));
        format.header("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>");
        LineException date = assertThrows(LineException.class,
                () -> format.parse("2025.13.20\t05:00:00\t1.1\t1.2\t1.0\t1.1\t1\t0\t1", 7, r -> { }));
        assertEquals("<DATE>", date.field());
        LineException time = assertThrows(LineException.class,
                () -> format.parse("2025.10.20\t5 o'clock\t1.1\t1.2\t1.0\t1.1\t1\t0\t1", 8, r -> { }));
        assertEquals("<TIME>", time.field());
        LineException columns = assertThrows(LineException.class, () -> format.parse("2025.10.20\t05:00:00\t1.1", 9, r -> { }));
        assertTrue(columns.getMessage().contains("expected 9 columns"), columns.getMessage());
    }

    @Test
    void theProductsOwnCandleAndTickCsv() throws LineException {
        List<ImportRecord> candles = read(new ProductCsvFormat(null, null),
                "symbol,timeframe,ts,open,high,low,close,volume,spread,source,rsi,macd,macd_signal,macd_hist,atr,bb_upper,bb_middle,bb_lower",
                "EURUSD,M1,2025-10-20T03:00:00Z,1.0855,1.0857,1.0854,1.0856,150,0.00002,ea,,,,,,,,");
        JsonNode c = candles.get(0).item();
        assertEquals("EURUSD", c.get("symbol").asText());
        assertEquals("2025-10-20T03:00:00Z", c.get("ts").asText());
        assertEquals("0.00002", c.get("spread").asText());
        assertNull(c.get("rsi"), "indicator columns are the server's own, not imported");
        List<ImportRecord> ticks = read(new ProductCsvFormat("GBPUSD", null),
                "symbol,ts,bid,ask,last,volume,flags", ",2025-10-20T03:00:00.123Z,1.25,1.2502,,,6");
        assertTrue(ticks.get(0).tick());
        assertEquals("GBPUSD", ticks.get(0).item().get("symbol").asText(), "an empty symbol cell takes --symbol");
        assertEquals(6, ticks.get(0).item().get("flags").intValue());
    }

    @Test
    void theOldSystemsDateTimeCsvWithAndWithoutHeader() throws LineException {
        List<ImportRecord> withHeader = read(new OldCsvFormat("EURUSD", "M1", new BrokerClock(ZoneOffset.ofHours(2))),
                "Date,Time,Open,High,Low,Close,Volume", "2025.10.20,05:00,1.0855,1.0857,1.0854,1.0856,150.00");
        assertEquals("2025-10-20T03:00:00Z", withHeader.get(0).item().get("ts").asText());
        assertEquals("150", withHeader.get(0).item().get("volume").asText());
        List<ImportRecord> bare = read(new OldCsvFormat("EURUSD", "M1", new BrokerClock(ZoneOffset.UTC)),
                "2025-10-20,05:01:00,1.0855,1.0857,1.0854,1.0856,150,2");
        assertEquals("2025-10-20T05:01:00Z", bare.get(0).item().get("ts").asText());
        assertEquals("2", bare.get(0).item().get("spread_points").asText());
        List<ImportRecord> combined = read(new OldCsvFormat("EURUSD", "M1", new BrokerClock(ZoneOffset.UTC)),
                "2025-10-20 05:02:00,1.0855,1.0857,1.0854,1.0856,150");
        assertEquals("2025-10-20T05:02:00Z", combined.get(0).item().get("ts").asText());
    }

    @Test
    void jsonlSpoolLinesOfEveryShape() throws LineException {
        JsonlFormat format = new JsonlFormat("EURUSD", "M1");
        List<ImportRecord> out = new ArrayList<>();
        format.parse("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"ts\":\"2025.10.20 05:00:00\",\"open\":1.1,\"high\":1.2,"
                + "\"low\":1.0,\"close\":1.1}\u0000", 1, out::add);
        format.parse("[{\"ts\":\"2025.10.20 05:01:00\",\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.1},"
                + "{\"ts\":\"2025.10.20 05:02:00\",\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.1}]", 2, out::add);
        format.parse("{\"ticks\":[{\"symbol\":\"EURUSD\",\"ts_msc\":1760936400123,\"bid\":1.1,\"ask\":1.1002}]}", 3, out::add);
        format.parse("{\"symbol\":\"EURUSD\",\"ts\":\"2025-10-20T05:00:01Z\",\"bid\":1.1,\"ask\":1.1002}", 4, out::add);
        assertEquals(5, out.size());
        assertFalse(out.get(0).tick());
        assertEquals("M1", out.get(1).item().get("timeframe").asText(), "--timeframe fills a missing timeframe");
        assertEquals(2, out.get(2).line());
        assertTrue(out.get(3).tick());
        assertTrue(out.get(4).tick());
        LineException bad = assertThrows(LineException.class, () -> format.parse("{\"symbol\":\"EURUSD\",", 5, r -> { }));
        assertTrue(bad.getMessage().startsWith("not a JSON document"), bad.getMessage());
    }

    @Test
    void autoDetectionFromTheFirstLine() {
        assertEquals(ImportFormat.MT5_BARS, ImportFormat.detect("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>", "a.csv"));
        assertEquals(ImportFormat.MT5_TICKS, ImportFormat.detect("<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>", "a.csv"));
        assertEquals(ImportFormat.CSV, ImportFormat.detect("symbol,timeframe,ts,open,high,low,close,volume,spread,source", "a.csv"));
        assertEquals(ImportFormat.OLD_CSV, ImportFormat.detect("Date,Time,Open,High,Low,Close,Volume", "a.csv"));
        assertEquals(ImportFormat.OLD_CSV, ImportFormat.detect("2025.10.20,05:00,1.1,1.2,1.0,1.1,10", "a.csv"));
        assertEquals(ImportFormat.MT5_BARS, ImportFormat.detect("2025.10.20\t05:00:00\t1.1\t1.2\t1.0\t1.1\t10\t0\t1", "a.csv"));
        assertEquals(ImportFormat.JSONL, ImportFormat.detect("{\"symbol\":\"EURUSD\"}", "spool.txt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportFormat.detect("hello", "a.txt"));
        assertTrue(e.getMessage().contains("--format"), e.getMessage());
    }

    @Test
    void quotedCsvCells() {
        assertEquals(List.of("a", "b,c", "d\"e", ""), Cells.split("a,\"b,c\",\"d\"\"e\",", ','));
    }
}
