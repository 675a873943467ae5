package io.mt5db.signals.trades;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.FieldError;
import io.mt5db.common.TimestampParser;
import io.mt5db.common.JsonFieldReader;
import io.mt5db.signals.Side;
import io.mt5db.signals.SignalRules;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one posted trade event. Two shapes: {@code POST /trades} (ticket, event and ts required) and the
 * old {@code POST /orders/feedback} (ticket or order_id; event is FEEDBACK; ts defaults to arrival).
 */
final class TradeParser {

    enum Shape { TRADE, FEEDBACK }

    private static final Set<Side> TRADE_SIDES = EnumSet.of(Side.BUY, Side.SELL);
    private static final int MAX_STATUS_LENGTH = 64;

    /** Exactly one of event and errors is meaningful; the identity fields are echoed in the response. */
    record Parsed(TradeEvent event, List<FieldError> errors, String accountId, Long ticket, TradeEventType type) {
    }

    private final TimestampParser timestamps;
    private final Shape shape;
    private final Instant arrival;

    TradeParser(TimestampParser timestamps, Shape shape, Instant arrival) {
        this.timestamps = timestamps;
        this.shape = shape;
        this.arrival = arrival;
    }

    Parsed parse(JsonNode item, int index) {
        if (item == null || !item.isObject()) {
            return new Parsed(null, List.of(new FieldError(index, null, "each trade event must be a JSON object")),
                    null, null, null);
        }
        JsonFieldReader r = new JsonFieldReader(item, index);
        String accountId = r.text("account_id", SignalRules.MAX_ACCOUNT_ID_LENGTH);
        if (accountId != null && SignalRules.accountIdError(accountId) != null) {
            r.error("account_id", SignalRules.accountIdError(accountId));
        }
        Long ticket;
        TradeEventType type;
        Instant ts;
        if (shape == Shape.TRADE) {
            r.require("ticket", "event", "ts");
            ticket = r.count("ticket");
            type = r.choice("event", TradeEventType.class, EnumSet.allOf(TradeEventType.class));
            ts = r.timestamp("ts", timestamps);
        } else {
            String ticketField = r.has("ticket") ? "ticket" : "order_id";
            r.require(ticketField);
            ticket = r.count(ticketField);
            type = TradeEventType.FEEDBACK;
            ts = r.has("ts") ? r.timestamp("ts", timestamps) : arrival;
        }
        String symbol = r.text("symbol", 64);
        if (symbol != null && SignalRules.symbolError(symbol) != null) {
            r.error("symbol", SignalRules.symbolError(symbol));
        }
        Side side = r.choice("side", Side.class, TRADE_SIDES);
        Double volume = nonNegative(r, "volume");
        Double price = r.number("price");
        Double sl = nonNegative(r, "sl");
        Double tp = nonNegative(r, "tp");
        Double profit = r.number("profit");
        Double commission = r.number("commission");
        Double swap = r.number("swap");
        Double slippage = r.number("slippage");
        UUID signalId = r.uuid("signal_id");
        String status = r.text("status", MAX_STATUS_LENGTH);
        String message = r.message("message", SignalRules.MAX_TEXT_LENGTH);
        if (!r.errors().isEmpty()) {
            return new Parsed(null, r.errors(), accountId, ticket, type);
        }
        TradeEvent event = new TradeEvent(accountId, ticket, type, symbol, side, volume, price, sl, tp, profit, commission,
                swap, slippage, ts, signalId, status, message);
        return new Parsed(event, List.of(), accountId, ticket, type);
    }

    private static Double nonNegative(JsonFieldReader r, String field) {
        Double value = r.number(field);
        if (value != null && value < 0) {
            r.error(field, field + " must not be negative");
            return null;
        }
        return value;
    }
}
