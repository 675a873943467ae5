package io.mt5db.signals.trades;

import io.mt5db.signals.Side;
import java.time.Instant;
import java.util.UUID;

/** One deal/order event from an EA. Identity: (accountId, ticket, event). */
public record TradeEvent(String accountId, long ticket, TradeEventType event, String symbol, Side side, Double volume,
        Double price, Double sl, Double tp, Double profit, Double commission, Double swap, Double slippage, Instant ts,
        UUID signalId, String status, String message) {

    public TradeEvent withAccount(String account) {
        return new TradeEvent(account, ticket, event, symbol, side, volume, price, sl, tp, profit, commission, swap,
                slippage, ts, signalId, status, message);
    }

    /** The idempotency key. */
    public record Key(String accountId, long ticket, TradeEventType event) {
    }

    public Key key() {
        return new Key(accountId, ticket, event);
    }
}
