package io.mt5db.signals.pauses;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One kill switch: pauses the account, the symbol, the symbol on the account, or (both null) everything. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TradingPause(String accountId, String symbol, Instant pausedAt, String pausedBy, boolean byAdmin,
        String reason) {
}
