package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.math.IndicatorConvention;
import io.mt5db.indicators.math.ReferenceData;
import io.mt5db.testing.Api;
import io.restassured.path.json.config.JsonPathConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference sample through the whole path: posted as an EA would, computed by the job, read back
 * with GET /candles?indicators=true and compared with the reference file of the convention.
 */
final class ReferenceThroughApi {
    static final double PRICE_TOLERANCE = 1e-9;
    static final double RSI_TOLERANCE = 1e-7;

    private ReferenceThroughApi() {
    }

    /** Posts the sample under fresh symbol names; answers reference symbol → stored symbol. */
    static Map<String, String> postSample() {
        Map<String, String> names = new LinkedHashMap<>();
        Candles.reference().forEach((reference, candles) -> {
            String symbol = Api.uniqueSymbol(reference);
            Candles.post(symbol, "M1", candles);
            names.put(reference, symbol);
        });
        return names;
    }

    /** The candles of a symbol with their indicators, as the read API answers them. */
    static List<Map<String, Object>> read(String symbol) {
        return Api.ea().queryParam("symbol", symbol).queryParam("timeframe", "M1").queryParam("indicators", "true")
                .queryParam("limit", 5000).get("/candles").then().statusCode(200).extract().response()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE))
                .getList("items");
    }

    /** Every column of every row within tolerance, and null exactly where the reference is empty. */
    static void assertMatches(IndicatorConvention convention, Map<String, String> names) {
        Map<String, List<ReferenceData.Row>> reference = ReferenceData.indicators(convention);
        Map<String, ReferenceData.Series> candles = ReferenceData.candles();
        assertEquals(reference.keySet(), names.keySet());
        names.forEach((referenceSymbol, symbol) -> {
            List<ReferenceData.Row> expected = reference.get(referenceSymbol);
            List<Map<String, Object>> actual = read(symbol);
            double level = candles.get(referenceSymbol).meanClose();
            assertEquals(expected.size(), actual.size(), referenceSymbol + ": rows");
            int compared = 0;
            for (int i = 0; i < expected.size(); i++) {
                ReferenceData.Row row = expected.get(i);
                Map<String, Object> item = actual.get(i);
                assertEquals(row.ts(), item.get("ts"), referenceSymbol + " row " + i);
                for (int c = 0; c < ReferenceData.COLUMNS.length; c++) {
                    String column = ReferenceData.COLUMNS[c];
                    String where = convention + " " + referenceSymbol + " row " + i + " " + column;
                    Double want = row.values()[c];
                    Double got = (Double) item.get(column);
                    if (want == null) {
                        assertNull(got, where + " must be null (warm-up)");
                        continue;
                    }
                    assertNotNull(got, where);
                    double tolerance = c == 0 ? RSI_TOLERANCE : PRICE_TOLERANCE * level;
                    assertEquals(want, got, tolerance, where);
                    compared++;
                }
            }
            assertTrue(compared > 0, referenceSymbol + ": values compared");
        });
    }

    /** The RSI over the first, motionless 60 bars of FLATTEST, from its first value at row 14. */
    static void assertFlatRsi(String flatSymbol, double expected) {
        List<Map<String, Object>> items = read(flatSymbol);
        for (int i = 14; i < 60; i++) {
            assertEquals(expected, (Double) items.get(i).get("rsi"), 0.0, "FLATTEST rsi at row " + i);
        }
    }
}
