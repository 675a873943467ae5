package io.mt5db.signals.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mt5db.signals.Side;
import java.time.Instant;
import java.util.UUID;

/** A stored trade event. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TradeRecord(long id, String accountId, long ticket, TradeEventType event, String symbol, Side side,
        Double volume, Double price, Double sl, Double tp, Double profit, Double commission, Double swap,
        Double slippage, Instant ts, UUID signalId, String status, String message, Instant receivedAt) {
}
