package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.ApiException;
import org.junit.jupiter.api.Test;

class StreamFilterTest {

    static StreamEvent candle(String symbol, String timeframe) {
        return new StreamEvent(1, StreamEvent.CANDLE, symbol, timeframe, null, null, "{}");
    }

    static StreamEvent signal(String account, String deliveryAccount) {
        return new StreamEvent(1, StreamEvent.SIGNAL, "EURUSD", "M5", account, deliveryAccount, "{}");
    }

    @Test
    void noFilterMatchesEverything() {
        StreamFilter all = StreamFilter.parse(null, "", " ", null);
        assertTrue(all.matches(candle("EURUSD", "M1")));
        assertTrue(all.matches(signal("acct", "acct")));
    }

    @Test
    void symbolsTimeframesAndTypesNarrowIt() {
        StreamFilter f = StreamFilter.parse("EURUSD, GBPUSD", "m1,H1", "candle", null);
        assertTrue(f.matches(candle("GBPUSD", "H1")));
        assertFalse(f.matches(candle("USDJPY", "H1")));
        assertFalse(f.matches(candle("EURUSD", "M5")));
        assertFalse(f.matches(signal(null, null)));
        assertTrue(f.matches(StreamEvent.control(3, StreamEvent.HEARTBEAT, "{}")), "control events always pass");
    }

    @Test
    void aGlobalModelPassesEverySymbolFilter() {
        StreamFilter f = StreamFilter.parse("EURUSD", null, "model", null);
        assertTrue(f.matches(new StreamEvent(1, StreamEvent.MODEL, null, "M1", null, null, "{}")));
        assertFalse(f.matches(new StreamEvent(1, StreamEvent.MODEL, "GBPUSD", "M1", null, null, "{}")));
    }

    @Test
    void aBoundKeySeesItsAccountsAndBroadcastSignalsAndOnlyItsOwnDeliveries() {
        StreamFilter bound = StreamFilter.parse(null, null, null, "A");
        assertTrue(bound.matches(signal(null, null)));
        assertTrue(bound.matches(signal("A", null)));
        assertFalse(bound.matches(signal("B", null)));
        assertTrue(bound.matches(signal(null, "A")));
        assertFalse(bound.matches(signal(null, "B")));
        assertTrue(bound.matches(candle("EURUSD", "M1")), "candles belong to no account");
    }

    @Test
    void badValuesNameTheParameter() {
        assertEquals(400, assertThrows(ApiException.class, () -> StreamFilter.parse("EUR USD", null, null, null)).status());
        assertTrue(assertThrows(ApiException.class, () -> StreamFilter.parse(null, "M2", null, null)).getMessage()
                .contains("timeframes"));
        assertTrue(assertThrows(ApiException.class, () -> StreamFilter.parse(null, null, "ticks", null)).getMessage()
                .contains("types"));
    }
}
