package io.mt5db.signals.trades;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The trade and order-feedback request bodies as OpenAPI schemas; {@link TradeParser} enforces them. */
final class TradeBodies {

    private TradeBodies() {
    }

    static final String TS = "ISO-8601, epoch, or MQL5 yyyy.MM.dd HH:mm:ss read in X-Broker-Offset (default UTC)";

    @Schema(name = "TradeEvent", description = "A deal or order event; (account_id, ticket, event, ts) identifies it")
    record Trade(
            @Schema(maxLength = 64, description = "may be omitted with a key bound to the account") String accountId,
            @Schema(required = true, description = "the position or order ticket") long ticket,
            @Schema(required = true, enumeration = {"OPEN", "CLOSE", "MODIFY", "FEEDBACK"}) String event,
            @Schema(required = true, type = SchemaType.STRING, description = TS) String ts,
            @Schema(examples = "EURUSD") String symbol,
            @Schema(enumeration = {"BUY", "SELL"}) String side,
            @Schema(minimum = "0") Double volume,
            Double price,
            @Schema(minimum = "0") Double sl,
            @Schema(minimum = "0") Double tp,
            Double profit,
            Double commission,
            Double swap,
            Double slippage,
            @Schema(format = "uuid", description = "the signal this trade executed") String signalId,
            String status,
            @Schema(maxLength = 2000) String message) {
    }

    @Schema(name = "OrderFeedback", description = "The old system's feedback: ticket or order_id; event is FEEDBACK; "
            + "ts defaults to the arrival time")
    record Feedback(
            @Schema(maxLength = 64) String accountId,
            @Schema(description = "the order ticket (or send ticket)") Long orderId,
            Long ticket,
            @Schema(format = "uuid") String signalId,
            String symbol,
            @Schema(enumeration = {"BUY", "SELL"}) String side,
            @Schema(minimum = "0") Double volume,
            Double price,
            @Schema(type = SchemaType.STRING, description = TS) String ts,
            @Schema(examples = "filled") String status,
            @Schema(maxLength = 2000) String message) {
    }
}
