package io.mt5db.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.FieldError;
import io.mt5db.common.Timeframe;
import io.mt5db.signals.queue.NewSignal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SignalRulesTest {

    private static Set<String> fields(NewSignal signal) {
        return SignalRules.validate(signal).stream().map(FieldError::field).collect(Collectors.toSet());
    }

    @Test
    void aManualSignalNeedsSymbolTimeframeAndSide() {
        assertTrue(SignalRules.validate(NewSignal.manual("EURUSD.a", Timeframe.M1, Side.CLOSE)).isEmpty());
        assertEquals(Set.of("symbol", "timeframe", "side"), fields(NewSignal.manual(null, null, null)));
        assertEquals(Set.of("symbol"), fields(NewSignal.manual("EUR/USD", Timeframe.M1, Side.BUY)));
    }

    @Test
    void barTsMustStartABarOfTheTimeframe() {
        Instant h4 = Instant.parse("2025-01-01T04:00:00Z");
        assertTrue(SignalRules.validate(withBar(Timeframe.H4, h4)).isEmpty());
        List<FieldError> errors = SignalRules.validate(withBar(Timeframe.H4, h4.plusSeconds(3600)));
        assertEquals("bar_ts", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("2025-01-01T04:00:00Z"));
        // W1 starts on Sunday
        assertTrue(SignalRules.validate(withBar(Timeframe.W1, Instant.parse("2025-01-05T00:00:00Z"))).isEmpty());
        assertEquals(1, SignalRules.validate(withBar(Timeframe.W1, Instant.parse("2025-01-06T00:00:00Z"))).size());
    }

    @Test
    void numbersMustBeInRange() {
        NewSignal bad = new NewSignal("EURUSD", Timeframe.M5, null, Side.BUY, 1.5, -0.1, "", 0.0, -1.0, Double.NaN, 0,
                " padded ", null);
        assertEquals(Set.of("confidence", "prob_up", "model_version", "lots", "sl_pips", "tp_pips", "ttl_sec", "account_id"),
                fields(bad));
        NewSignal edge = new NewSignal("EURUSD", Timeframe.M5, null, Side.BUY, 0.0, 1.0, "m", 0.01, 0.0, 0.0,
                SignalRules.MAX_TTL_SEC, "50123456", null);
        assertTrue(SignalRules.validate(edge).isEmpty());
    }

    @Test
    void accountIdsArePrintableAndShort() {
        assertNull(SignalRules.accountIdError("50123456"));
        assertNull(SignalRules.accountIdError("demo account 1"));
        assertNotNull(SignalRules.accountIdError(""));
        assertNotNull(SignalRules.accountIdError("a\u0000b"));
        assertNotNull(SignalRules.accountIdError("x".repeat(65)));
    }

    private static NewSignal withBar(Timeframe timeframe, Instant barTs) {
        return new NewSignal("XAUUSD", timeframe, barTs, Side.SELL, null, null, null, null, null, null, null, null, null);
    }
}
