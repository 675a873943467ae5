package io.mt5db.signals.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mt5db.common.Timeframe;
import io.mt5db.signals.Side;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored signal as clients see it. Every field is always present (null when unset), for simple MQL5 parsers. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Signal(UUID id, Instant createdAt, String symbol, Timeframe timeframe, Instant barTs, Side side,
        Double confidence, Double probUp, String modelVersion, Double lots, Double slPips, Double tpPips, int ttlSec,
        Instant expiresAt, String accountId, Map<String, Object> meta, SignalStatus status) {
}
