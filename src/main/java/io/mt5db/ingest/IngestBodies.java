package io.mt5db.ingest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The ingest request bodies as OpenAPI schemas. The routes read their bodies themselves (gzip, size
 * limits, per-item rejections), so these records only describe the wire format to Swagger UI and
 * clients; {@link CandleParser} and {@link TickParser} are what enforce it.
 */
final class IngestBodies {

    private IngestBodies() {
    }

    static final String TS = "ISO-8601 (with or without offset), epoch seconds or milliseconds (number or digit string), "
            + "or MQL5 yyyy.MM.dd HH:mm[:ss]; values without an offset are read in X-Broker-Offset (default UTC)";

    @Schema(name = "Candle", description = "One bar. Unknown fields (indicator values a client sends) are ignored.")
    record Candle(
            @Schema(required = true, description = "[A-Za-z0-9._#+!-]{1,32}", examples = "EURUSD") String symbol,
            @Schema(required = true, enumeration = {"M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"})
            String timeframe,
            @Schema(required = true, type = SchemaType.STRING, description = "Bar open time: " + TS) String ts,
            @Schema(required = true, description = "finite, > 0") double open,
            @Schema(required = true, description = ">= max(open, close)") double high,
            @Schema(required = true, description = "<= min(open, close)") double low,
            @Schema(required = true, description = "finite, > 0") double close,
            @Schema(description = "tick volume, a whole number >= 0") Long volume,
            @Schema(description = "spread in price units, >= 0") Double spread,
            @Schema(description = "spread in points (MqlRates.spread), converted with the symbol's point") Long spreadPoints,
            @Schema(description = "real (exchange) volume, >= 0") Long realVolume) {
    }

    @Schema(name = "CandleItems", description = "Several candles in one request")
    record CandleItems(@Schema(required = true, maxItems = 10_000) List<Candle> items) {
    }

    @Schema(name = "Tick", description = "One MqlTick. A re-sent identical tick is a duplicate; distinct ticks with "
            + "the same time are all kept.")
    record Tick(
            @Schema(required = true, examples = "EURUSD") String symbol,
            @Schema(description = "MqlTick.time_msc: epoch milliseconds (send this or ts)") Long tsMsc,
            @Schema(type = SchemaType.STRING, description = "Tick time (send this or ts_msc): " + TS) String ts,
            @Schema(required = true, description = "> 0, <= ask") double bid,
            @Schema(required = true, description = "> 0, >= bid") double ask,
            @Schema(description = "last deal price") Double last,
            @Schema(description = "deal volume, >= 0") Double volume,
            @Schema(description = "MqlTick.flags") Integer flags) {
    }

    @Schema(name = "TickBatch")
    record TickBatch(@Schema(required = true, maxItems = 10_000) List<Tick> ticks) {
    }

    @Schema(name = "LegacyTick", description = "The old system's tick")
    record LegacyTick(
            @Schema(required = true, examples = "EURUSD") String symbol,
            @Schema(required = true, description = "epoch seconds, read in X-Broker-Offset") long time,
            @Schema(required = true) double bid,
            @Schema(required = true) double ask,
            Double last,
            Double volume) {
    }
}
