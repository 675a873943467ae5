package io.mt5db.signals.queue;

import io.mt5db.common.Timeframe;
import io.mt5db.signals.Side;
import java.time.Instant;
import java.util.Map;

/**
 * A signal to enqueue. {@code barTs} is the bar a model signal belongs to (null for a manual one):
 * a bar holds at most one signal. {@code ttlSec} null takes the configured default;
 * {@code accountId} null broadcasts to every account.
 */
public record NewSignal(String symbol, Timeframe timeframe, Instant barTs, Side side, Double confidence, Double probUp,
        String modelVersion, Double lots, Double slPips, Double tpPips, Integer ttlSec, String accountId,
        Map<String, Object> meta) {

    /** A signal the EA should act on at once, for every account, with the default TTL. */
    public static NewSignal manual(String symbol, Timeframe timeframe, Side side) {
        return new NewSignal(symbol, timeframe, null, side, null, null, null, null, null, null, null, null, null);
    }
}
