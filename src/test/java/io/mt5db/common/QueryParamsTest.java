package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void symbolListsAreTrimmedDeduplicatedAndValidated() {
        assertEquals(List.of("EURUSD", "US30#", "GOLD+"), QueryParams.symbols(" EURUSD, US30#,,GOLD+,EURUSD "));
        assertEquals(List.of(), QueryParams.symbols(null));
        assertEquals(List.of(), QueryParams.symbols(" "));
        ApiException bad = assertThrows(ApiException.class, () -> QueryParams.symbols("EURUSD,EUR/USD"));
        assertEquals(400, bad.status());
    }

    @Test
    void limitsAndTimeframes() {
        assertEquals(1, QueryParams.limit(null, 1, 100));
        assertEquals(100, QueryParams.limit("100", 1, 100));
        assertThrows(ApiException.class, () -> QueryParams.limit("0", 1, 100));
        assertThrows(ApiException.class, () -> QueryParams.limit("1.5", 1, 100));
        assertEquals(Timeframe.MN1, QueryParams.optionalTimeframe("period", "mn1"));
        assertNull(QueryParams.optionalTimeframe("period", ""));
        ApiException bad = assertThrows(ApiException.class, () -> QueryParams.optionalTimeframe("period", "M2"));
        assertEquals("Query parameter 'period' must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1", bad.getMessage());
    }

    @Test
    void brokerOffsetHeader() {
        assertEquals("+02:00", QueryParams.brokerTimestamps("+02:00").brokerZone().getId());
        assertEquals(400, assertThrows(ApiException.class, () -> QueryParams.brokerTimestamps("Mars/Base")).status());
    }
}
