package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Compares every row of every column against the TA-Lib and MT5 reference files. */
class ReferenceComparisonTest {
    private static final double PRICE_REL_TOLERANCE = 1e-9;
    private static final double RSI_ABS_TOLERANCE = 1e-7;
    private static final int RSI = 0;

    private static Map<String, ReferenceData.Series> candles;
    private static final List<String> errorReport = new ArrayList<>();

    @BeforeAll
    static void load() {
        candles = ReferenceData.candles();
        assertEquals(List.of("XAUUSD", "AUDUSD", "FLATTEST"), List.copyOf(candles.keySet()));
    }

    @AfterAll
    static void printErrors() {
        System.out.println("max error vs reference (abs; abs / mean close for price columns):");
        errorReport.stream().sorted().forEach(System.out::println);
    }

    @TestFactory
    Stream<DynamicTest> everyColumnMatchesReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (IndicatorConvention convention : IndicatorConvention.values()) {
            Map<String, List<ReferenceData.Row>> reference = ReferenceData.indicators(convention);
            assertEquals(candles.keySet(), reference.keySet(), "series in " + convention + " file");
            for (ReferenceData.Series series : candles.values()) {
                List<ReferenceData.Row> rows = reference.get(series.symbol());
                List<IndicatorValues> ours = new IndicatorCalculator(convention).computeAll(series.bars());
                for (int c = 0; c < ReferenceData.COLUMNS.length; c++) {
                    int column = c;
                    String name = convention + " " + series.symbol() + " " + ReferenceData.COLUMNS[c];
                    tests.add(dynamicTest(name, () -> compareColumn(name, series, rows, ours, column)));
                }
            }
        }
        return tests.stream();
    }

    private static void compareColumn(String name, ReferenceData.Series series, List<ReferenceData.Row> rows,
                                      List<IndicatorValues> ours, int column) {
        assertEquals(series.bars().size(), rows.size(), name + ": row count");
        double scale = series.meanClose();
        double tolerance = column == RSI ? RSI_ABS_TOLERANCE : PRICE_REL_TOLERANCE * scale;
        double maxAbs = 0.0;
        int compared = 0;
        for (int i = 0; i < rows.size(); i++) {
            ReferenceData.Row row = rows.get(i);
            assertEquals(series.timestamps().get(i), row.ts(), name + ": timestamps out of step at row " + i);
            Double expected = row.values()[column];
            Double actual = ReferenceData.column(ours.get(i), column);
            if (expected == null) {
                assertNull(actual, name + ": row " + i + " must be null (warm-up)");
                continue;
            }
            assertNotNull(actual, name + ": row " + i + " must have a value, reference " + expected);
            double err = Math.abs(actual - expected);
            if (!(err <= tolerance)) {
                fail(String.format(Locale.ROOT, "%s: row %d (%s) ours=%.17g ref=%.17g |diff|=%.3g > %.3g",
                        name, i, row.ts(), actual, expected, err, tolerance));
            }
            maxAbs = Math.max(maxAbs, err);
            compared++;
        }
        assertTrue(compared > 0, name + ": nothing compared");
        String rel = column == RSI ? "" : String.format(Locale.ROOT, " rel=%.3g", maxAbs / scale);
        synchronized (errorReport) {
            errorReport.add(String.format(Locale.ROOT, "  %-32s rows=%4d abs=%.3g%s", name, compared, maxAbs, rel));
        }
    }

    @Test
    void talibWarmUpBoundaries() {
        for (ReferenceData.Series series : candles.values()) {
            List<IndicatorValues> v = new IndicatorCalculator(IndicatorConvention.TALIB).computeAll(series.bars());
            String s = series.symbol();
            assertNull(v.get(13).rsi(), s);
            assertNotNull(v.get(14).rsi(), s);
            assertNull(v.get(13).atr(), s);
            assertNotNull(v.get(14).atr(), s);
            assertNull(v.get(18).bbMiddle(), s);
            assertNotNull(v.get(19).bbUpper(), s);
            assertNotNull(v.get(19).bbMiddle(), s);
            assertNotNull(v.get(19).bbLower(), s);
            for (int i = 0; i < 33; i++) {
                assertNull(v.get(i).macd(), s + " macd row " + i);
                assertNull(v.get(i).macdSignal(), s + " signal row " + i);
                assertNull(v.get(i).macdHist(), s + " hist row " + i);
            }
            assertNotNull(v.get(33).macd(), s);
            assertNotNull(v.get(33).macdSignal(), s);
            assertNotNull(v.get(33).macdHist(), s);
        }
    }

    @Test
    void mt5WarmUpBoundaries() {
        for (ReferenceData.Series series : candles.values()) {
            List<IndicatorValues> v = new IndicatorCalculator(IndicatorConvention.MT5).computeAll(series.bars());
            String s = series.symbol();
            assertNotNull(v.get(0).macd(), s);
            assertEquals(0.0, v.get(0).macd(), s);
            assertNull(v.get(7).macdSignal(), s);
            assertNull(v.get(7).macdHist(), s);
            assertNotNull(v.get(8).macdSignal(), s);
            assertNotNull(v.get(8).macdHist(), s);
            assertNull(v.get(13).rsi(), s);
            assertNotNull(v.get(14).rsi(), s);
            assertNull(v.get(13).atr(), s);
            assertNotNull(v.get(14).atr(), s);
            assertNull(v.get(19).bbMiddle(), s);
            assertNotNull(v.get(20).bbUpper(), s);
            assertNotNull(v.get(20).bbMiddle(), s);
            assertNotNull(v.get(20).bbLower(), s);
        }
    }

    @Test
    void flatWindowRsiIsZeroForTalibAndFiftyForMt5() {
        List<Bar> bars = candles.get("FLATTEST").bars();
        List<IndicatorValues> talib = new IndicatorCalculator(IndicatorConvention.TALIB).computeAll(bars);
        List<IndicatorValues> mt5 = new IndicatorCalculator(IndicatorConvention.MT5).computeAll(bars);
        for (int i = 14; i < 60; i++) {
            assertEquals(0.0, talib.get(i).rsi(), "TALIB row " + i);
            assertEquals(50.0, mt5.get(i).rsi(), "MT5 row " + i);
            assertEquals(0.0, talib.get(i).atr(), "TALIB atr row " + i);
        }
        for (int i = 20; i < 60; i++) {
            assertEquals(1.0, talib.get(i).bbUpper(), "flat bands collapse, row " + i);
            assertEquals(1.0, mt5.get(i).bbLower(), "flat bands collapse, row " + i);
        }
        assertTrue(talib.get(61).rsi() > 0.0);
    }
}
