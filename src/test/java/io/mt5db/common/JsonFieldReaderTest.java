package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JsonFieldReaderTest {

    private enum Side { BUY, SELL, CLOSE }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonFieldReader reader(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return new JsonFieldReader(node, 3);
    }

    @Test
    void readsNumbersSentAsStrings() throws Exception {
        JsonFieldReader r = reader("{\"price\":\"1.0855\",\"ticket\":\"123456789012\",\"lots\":0.1,\"none\":null}");
        assertEquals(1.0855, r.number("price"));
        assertEquals(123456789012L, r.count("ticket"));
        assertEquals(0.1, r.number("lots"));
        assertNull(r.number("none"));
        assertNull(r.number("absent"));
        assertTrue(r.errors().isEmpty());
    }

    @Test
    void collectsEveryBadFieldWithTheItemIndex() throws Exception {
        JsonFieldReader r = reader("{\"price\":\"abc\",\"ticket\":-5,\"big\":1e30,\"frac\":1.5,\"id\":\"x\",\"side\":\"HOLD\"}");
        r.number("price");
        r.count("ticket");
        r.count("big");
        r.count("frac");
        r.uuid("id");
        r.choice("side", Side.class, EnumSet.of(Side.BUY, Side.SELL));
        r.require("symbol");
        List<FieldError> errors = r.errors();
        assertEquals(List.of("price", "ticket", "big", "frac", "id", "side", "symbol"),
                errors.stream().map(FieldError::field).collect(Collectors.toList()));
        assertTrue(errors.stream().allMatch(e -> e.index() == 3));
        assertTrue(errors.get(5).message().contains("BUY or SELL"));
    }

    @Test
    void timestampsInEveryMt5FormAndNothingAbsurd() throws Exception {
        TimestampParser athens = new TimestampParser(ZoneOffset.ofHours(2));
        JsonFieldReader r = reader("{\"mql5\":\"2025.10.20 05:00:05\",\"iso\":\"2025-10-20T03:00:05Z\",\"epoch\":1760929205,"
                + "\"millis\":1760929205000,\"far\":\"9999-01-01T00:00:00Z\",\"junk\":\"2025.13.45 99:99:99\",\"huge\":1e300}");
        Instant expected = Instant.parse("2025-10-20T03:00:05Z");
        assertEquals(expected, r.timestamp("mql5", athens));
        assertEquals(expected, r.timestamp("iso", athens));
        assertEquals(expected, r.timestamp("epoch", TimestampParser.UTC));
        assertEquals(expected, r.timestamp("millis", TimestampParser.UTC));
        assertTrue(r.errors().isEmpty());
        assertNull(r.timestamp("far", TimestampParser.UTC));
        assertNull(r.timestamp("junk", TimestampParser.UTC));
        assertNull(r.timestamp("huge", TimestampParser.UTC));
        assertEquals(List.of("far", "junk", "huge"), r.errors().stream().map(FieldError::field).collect(Collectors.toList()));
    }

    @Test
    void textHasALengthLimit() throws Exception {
        JsonFieldReader r = reader("{\"message\":\"" + "x".repeat(11) + "\",\"n\":42,\"o\":{}}");
        assertNull(r.text("message", 10));
        assertEquals("42", r.text("n", 10));
        assertNull(r.text("o", 10));
        assertEquals(2, r.errors().size());
    }

    /** The static reads (ingest) and the collecting ones (signals) apply the same rules and words. */
    @Test
    void bothWaysShareTheRulesAndMessages() throws Exception {
        JsonNode item = JSON.readTree("{\"price\":\"abc\",\"nan\":\"NaN\",\"ts\":\"1960-01-01T00:00:00Z\",\"t\":true}");
        TimestampParser parser = new TimestampParser(ZoneOffset.UTC);
        for (String field : List.of("price", "nan")) {
            JsonFieldReader r = new JsonFieldReader(item, null);
            r.number(field);
            JsonFieldReader.FieldException e = assertThrows(JsonFieldReader.FieldException.class,
                    () -> JsonFieldReader.optionalNumber(item, field, "invalid_price"));
            assertEquals("invalid_price", e.reason());
            assertEquals(field, e.field());
            assertEquals(r.errors().get(0).message(), e.getMessage());
        }
        JsonFieldReader r = new JsonFieldReader(item, null);
        r.timestamp("ts", parser);
        JsonFieldReader.FieldException early = assertThrows(JsonFieldReader.FieldException.class,
                () -> JsonFieldReader.requireInRange("ts", JsonFieldReader.timestamp(item, "ts", parser),
                        TimeBounds.latest()));
        assertEquals("invalid_ts", early.reason());
        assertEquals(r.errors().get(0).message(), early.getMessage());
        JsonFieldReader.FieldException notTime = assertThrows(JsonFieldReader.FieldException.class,
                () -> JsonFieldReader.timestamp(item, "t", parser));
        r.timestamp("t", parser);
        assertEquals(r.errors().get(1).message(), notTime.getMessage());
        assertEquals("missing_field", assertThrows(JsonFieldReader.FieldException.class,
                () -> JsonFieldReader.requiredPositive(item, "bid")).reason());
    }
}
