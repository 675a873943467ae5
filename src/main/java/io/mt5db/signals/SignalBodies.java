package io.mt5db.signals;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The signal, ack and pause request bodies as OpenAPI schemas. The routes read their bodies
 * themselves ({@link SignalRequests}), which is what enforces these rules; the records describe them.
 * Public, and named by their full name in the resources, so the resources may live in sub-packages.
 */
public final class SignalBodies {

    private SignalBodies() {
    }

    static final String TIMEFRAMES = "M1, M5, M15, M30, H1, H4, D1, W1 or MN1";

    @Schema(name = "NewSignal", description = "A manual signal")
    public record NewSignalBody(
            @Schema(required = true, examples = "EURUSD") String symbol,
            @Schema(required = true, description = TIMEFRAMES,
                    enumeration = {"M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"}) String timeframe,
            @Schema(required = true, enumeration = {"BUY", "SELL", "CLOSE"}) String side,
            @Schema(type = SchemaType.STRING, format = "date-time", description = "the bar it belongs to, aligned to "
                    + "the timeframe; a bar holds at most one signal") String barTs,
            @Schema(minimum = "0", maximum = "1") Double confidence,
            @Schema(minimum = "0", maximum = "1") Double probUp,
            @Schema(maxLength = 100) String modelVersion,
            @Schema(description = "> 0") Double lots,
            @Schema(minimum = "0") Double slPips,
            @Schema(minimum = "0") Double tpPips,
            @Schema(minimum = "1", maximum = "604800", description = "default mt5db.signals.default-ttl") Long ttlSec,
            @Schema(maxLength = 64, description = "omit to broadcast to every account") String accountId,
            @Schema(description = "any JSON object, stored as given") Map<String, Object> meta) {
    }

    @Schema(name = "Ack", description = "What the EA did with a delivered signal")
    public record AckBody(
            @Schema(required = true, format = "uuid") String id,
            @Schema(maxLength = 64, description = "may be omitted with a key bound to the account") String accountId,
            @Schema(required = true, enumeration = {"FILLED", "REJECTED", "SKIPPED"}) String status,
            Long mt5Ticket,
            Double price,
            @Schema(type = SchemaType.STRING, description = "ISO-8601, epoch, or MQL5 yyyy.MM.dd HH:mm:ss read in "
                    + "X-Broker-Offset (default UTC)") String tsExec,
            @Schema(maxLength = 2000) String message) {
    }

    @Schema(name = "TradingPauseChange", description = "Both account_id and symbol null: everything; account_id: that "
            + "account; symbol: that symbol on every account; both: that symbol on that account")
    public record PauseBody(
            @Schema(maxLength = 64) String accountId,
            @Schema(examples = "XAUUSD") String symbol,
            @Schema(required = true, description = "true pauses, false resumes this scope") boolean paused,
            @Schema(maxLength = 2000) String reason) {
    }
}
