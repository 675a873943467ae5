package io.mt5db.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.cli.simulate.SimulationReport;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path through HTTP with the simulated EA: an MT5 bar export → /ingest_batch → candles of
 * every timeframe → indicators → a manual signal → the EA polls, executes, acks FILLED → the trade
 * event in GET /trades. The jobs' run methods are driven directly (the scheduler is off in tests).
 */
@QuarkusTest
class SimulatorEndToEndTest {

    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    AggregationSchedule aggregation;

    @Inject
    IndicatorJob indicators;

    @TempDir
    Path dir;

    private static SimulationReport simulate(String... args) {
        List<String> all = new ArrayList<>(List.of("simulate", "--url", "http://localhost:" + RestAssured.port,
                "--key", Api.EA_KEY));
        all.addAll(List.of(args));
        int code = Commands.commandLine().execute(all.toArray(String[]::new));
        SimulationReport report = SimulateCommand.lastReport;
        assertEquals(0, code, report == null ? "no report" : report.render());
        return report;
    }

    private static List<Map<String, Object>> candles(String symbol, String timeframe, boolean withIndicators) {
        return Api.ea().queryParam("symbol", symbol).queryParam("timeframe", timeframe).queryParam("limit", 100000)
                .queryParam("indicators", withIndicators).get("/candles").then().statusCode(200).extract()
                .jsonPath(DOUBLES).getList("items");
    }

    @Test
    void barsToCandlesToIndicatorsToASignalExecutedAckedAndTraded() throws Exception {
        String symbol = Api.uniqueSymbol("SIMEE");
        // 2,000 M1 bars in broker time (+02:00) from Monday 2025-10-20 00:00 (22:00Z the day before)
        List<String> lines = new ArrayList<>(List.of("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>"));
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy.MM.dd\tHH:mm:ss", Locale.ROOT);
        LocalDateTime t = LocalDateTime.parse("2025-10-20T00:00");
        double price = 1.08000;
        for (int i = 0; i < 2000; i++) {
            double open = price;
            price = Math.round((price + Math.sin(i / 7.0) * 0.0003 + 0.00001) * 100000) / 100000.0;
            lines.add(String.format(Locale.ROOT, "%s\t%.5f\t%.5f\t%.5f\t%.5f\t%d\t0\t%d", f.format(t.plusMinutes(i)), open,
                    Math.max(open, price) + 0.00012, Math.min(open, price) - 0.00011, price, 50 + i % 30, 5 + i % 4));
        }
        Path file = dir.resolve("EURUSD_M1.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);

        SimulationReport sent = simulate("--file", file.toString(), "--symbol", symbol, "--timeframe", "M1",
                "--broker-offset", "+02:00", "--speed", "max", "--batch-size", "500");
        assertTrue(sent.symbolMetadataSent, sent.render());
        assertNull(sent.cursor, "nothing stored before");
        assertEquals(2000, sent.candlesSent);
        assertEquals(4, sent.ingestRequests);
        assertEquals(2000, sent.inserted, sent.render());

        aggregation.runCycle();
        indicators.runOnce();
        List<Map<String, Object>> m1 = candles(symbol, "M1", true);
        assertEquals(2000, m1.size());
        assertEquals("2025-10-19T22:00:00Z", m1.get(0).get("ts"), "00:00 at +02:00");
        assertEquals("ea", m1.get(0).get("source"));
        for (String tf : List.of("M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1")) {
            List<Map<String, Object>> rolled = candles(symbol, tf, false);
            assertTrue(!rolled.isEmpty(), tf + " candles rolled up");
            assertEquals("rollup", rolled.get(0).get("source"), tf);
        }
        assertEquals(400, candles(symbol, "M5", false).size());
        assertEquals(3, candles(symbol, "D1", false).size(), "2025-10-19 22:00Z to 2025-10-21 07:19Z");
        assertEquals(1, candles(symbol, "W1", false).size(), "the week of Sunday 2025-10-19");
        Map<String, Object> last = m1.get(m1.size() - 1);
        assertNotNull(last.get("rsi"), "indicators computed for the posted bars");
        assertNotNull(last.get("macd"));
        List<Map<String, Object>> h1 = candles(symbol, "H1", true);
        assertNotNull(h1.get(h1.size() - 1).get("rsi"), "and for the roll-ups");

        // a restarted EA asks the cursor and sends nothing the server has
        SimulationReport again = simulate("--file", file.toString(), "--symbol", symbol, "--timeframe", "M1",
                "--broker-offset", "+02:00");
        assertEquals(m1.get(1999).get("ts"), again.cursor);
        assertEquals(0, again.candlesSent);
        assertEquals(2000, again.skippedBeforeCursor);

        // a manual signal for one account; the EA polls, executes, acks FILLED and posts the trade
        String account = "SIMACC" + symbol.substring(5);
        String signalId = Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"side\":\"BUY\",\"lots\":0.1,"
                + "\"sl_pips\":15,\"tp_pips\":30,\"account_id\":\"" + account + "\"}").post("/signals").then().statusCode(201)
                .extract().path("id");
        Path state = dir.resolve("acked.txt");
        SimulationReport traded = simulate("--account-ids", account, "--poll-signals", "--execute", "--symbols", symbol,
                "--duration", "1500ms", "--poll-interval", "200ms", "--state-file", state.toString());
        assertEquals(1, traded.signalsSeen, traded.render());
        assertEquals(Map.of("FILLED", 1L), traded.acks);
        assertEquals(1, traded.tradesPosted);
        assertTrue(Files.readString(state).contains(signalId));

        List<Map<String, Object>> deliveries = Api.admin().get("/signals/" + signalId).then().statusCode(200).extract()
                .path("deliveries");
        assertEquals("FILLED", deliveries.get(0).get("status"));
        List<Map<String, Object>> trades = Api.admin().queryParam("account_id", account).get("/trades").then()
                .statusCode(200).extract().jsonPath(DOUBLES).getList("items");
        assertEquals(1, trades.size(), trades.toString());
        assertEquals("OPEN", trades.get(0).get("event"));
        assertEquals("BUY", trades.get(0).get("side"));
        assertEquals(signalId, trades.get(0).get("signal_id"));
        assertEquals(0.1, ((Number) trades.get(0).get("volume")).doubleValue(), 1e-12);

        // a dry-run EA on another account acks SKIPPED and trades nothing
        String dry = "SIMDRY" + symbol.substring(5);
        Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"side\":\"SELL\",\"account_id\":\"" + dry + "\"}")
                .post("/signals").then().statusCode(201);
        SimulationReport skipped = simulate("--account-ids", dry, "--poll-signals", "--duration", "800ms",
                "--poll-interval", "200ms");
        assertEquals(Map.of("SKIPPED", 1L), skipped.acks, skipped.render());
        assertEquals(0, skipped.tradesPosted);
    }
}
