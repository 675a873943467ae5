package io.mt5db.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.JsonFieldReader;
import io.mt5db.common.JsonFieldReader.FieldException;
import io.mt5db.common.TextRules;
import io.mt5db.common.Timeframe;
import io.mt5db.common.TimestampParser;
import io.mt5db.market.SymbolScale;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/** Turns one client JSON candle into a {@link CandleInput} or a {@link Rejection}; never throws for bad input. */
public final class CandleParser {

    /** Every field {@link #parse} reads; a posted candle's other fields are not kept. */
    public static final Set<String> FIELDS = Set.of("symbol", "timeframe", "ts", "open", "high", "low", "close",
            "volume", "spread", "spread_points", "bid", "ask", "real_volume");

    private final TimestampParser timestamps;
    private final Instant latestAllowed;
    private final Function<String, SymbolScale> scales;

    /** @param scales each symbol's known point/digits, for converting spread_points */
    public CandleParser(TimestampParser timestamps, Instant latestAllowed, Function<String, SymbolScale> scales) {
        this.timestamps = timestamps;
        this.latestAllowed = latestAllowed;
        this.scales = scales;
    }

    /** The outcome for one item: exactly one of candle and rejection is set. */
    public record Parsed(CandleInput candle, Rejection rejection, String symbol, String timeframe, String tsOriginal,
            Instant tsBucket) {
    }

    public Parsed parse(JsonNode item) {
        String symbolText = item != null && item.path("symbol").isTextual() ? item.get("symbol").textValue() : null;
        String tfText = item != null && item.path("timeframe").isTextual() ? item.get("timeframe").textValue() : null;
        String tsOriginal = item == null ? null : JsonFieldReader.describe(item.get("ts"));
        if (item == null || !item.isObject()) {
            return new Parsed(null, new Rejection("invalid_item", null, "each candle must be a JSON object"),
                    null, null, null, null);
        }
        Instant bucket = null;
        try {
            String symbol = symbol(item);
            String tfName = JsonFieldReader.requiredText(item, "timeframe", "invalid_timeframe");
            Timeframe timeframe = Timeframe.parse(tfName).orElseThrow(() -> new FieldException("invalid_timeframe",
                    "timeframe", "timeframe '" + TextRules.abbreviate(tfName, 64) + "' is not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
            Instant ts = JsonFieldReader.timestamp(item, "ts", timestamps);
            JsonFieldReader.requireInRange("ts", ts, latestAllowed);
            if (timeframe.floorsOnIngest()) {
                bucket = timeframe.floor(ts);
            } else if (!timeframe.isAligned(ts)) {
                throw new FieldException("misaligned", "ts", "a " + timeframe + " candle must start exactly on a UTC "
                        + timeframe + " bucket (" + timeframe.floor(ts) + "), got " + ts
                        + "; post M1 bars and let the server roll them up");
            } else {
                bucket = ts;
            }
            double open = JsonFieldReader.requiredPositive(item, "open");
            double high = JsonFieldReader.requiredPositive(item, "high");
            double low = JsonFieldReader.requiredPositive(item, "low");
            double close = JsonFieldReader.requiredPositive(item, "close");
            if (low > Math.min(open, close)) {
                throw new FieldException("ohlc_inconsistent", "low", "low " + low + " is above min(open, close)");
            }
            if (high < Math.max(open, close)) {
                throw new FieldException("ohlc_inconsistent", "high", "high " + high + " is below max(open, close)");
            }
            Long volume = volume(item);
            Double spread = spread(item, symbol, open, high, low, close);
            Double bid = optionalPositive(item, "bid");
            Double ask = optionalPositive(item, "ask");
            Double realVolume = JsonFieldReader.optionalNumber(item, "real_volume", "invalid_volume");
            if (realVolume != null && realVolume < 0) {
                throw new FieldException("invalid_volume", "real_volume", "real_volume must be ≥ 0");
            }
            CandleInput candle = new CandleInput(symbol, timeframe, bucket, open, high, low, close, volume, spread, bid,
                    ask, realVolume);
            return new Parsed(candle, null, symbol, timeframe.name(), tsOriginal, bucket);
        } catch (FieldException e) {
            // The echo identifies the item; a megabyte of invalid symbol need not come back whole.
            return new Parsed(null, new Rejection(e.reason(), e.field(), e.getMessage()), echo(symbolText), echo(tfText), tsOriginal, bucket);
        }
    }

    static String echo(String text) {
        return text == null ? null : TextRules.abbreviate(text, 64);
    }

    static String symbol(JsonNode item) {
        String symbol = JsonFieldReader.requiredText(item, "symbol", "invalid_symbol");
        if (!io.mt5db.common.SymbolName.isValid(symbol)) {
            throw new FieldException("invalid_symbol", "symbol", "symbol '" + TextRules.abbreviate(symbol, 64)
                    + "' must be " + io.mt5db.common.SymbolName.RULE);
        }
        return symbol;
    }

    private static Long volume(JsonNode item) {
        Double volume = JsonFieldReader.optionalNumber(item, "volume", "invalid_volume");
        if (volume == null) {
            return null;
        }
        if (volume < 0) {
            throw new FieldException("invalid_volume", "volume", "volume must be ≥ 0 (got " + volume + ")");
        }
        if (volume != Math.rint(volume) || volume > 9.0e15) {
            throw new FieldException("invalid_volume", "volume", "volume is a tick count and must be a whole number (got " + volume + ")");
        }
        return volume.longValue();
    }

    private static Double optionalPositive(JsonNode item, String field) {
        Double value = JsonFieldReader.optionalNumber(item, field, "invalid_price");
        if (value != null && value <= 0) {
            throw new FieldException("invalid_price", field, field + " must be positive (got " + value + ")");
        }
        return value;
    }

    /**
     * Spread in price units; spread_points is converted with the symbol's point when known, else with
     * the point implied by the most digits seen in its prices.
     */
    private Double spread(JsonNode item, String symbol, double... prices) {
        Double spread = JsonFieldReader.optionalNumber(item, "spread", "invalid_spread");
        if (spread != null) {
            if (spread < 0) {
                throw new FieldException("invalid_spread", "spread", "spread must be ≥ 0 (got " + spread + ")");
            }
            return spread;
        }
        Double points = JsonFieldReader.optionalNumber(item, "spread_points", "invalid_spread");
        if (points == null) {
            return null;
        }
        if (points < 0) {
            throw new FieldException("invalid_spread", "spread_points", "spread_points must be ≥ 0 (got " + points + ")");
        }
        return scales.apply(symbol).toPrice(points, inferDigits(prices));
    }

    /** MT5 prices carry the symbol's digits: the most decimals among them is the best guess. */
    public static int inferDigits(double... prices) {
        int digits = 0;
        for (double price : prices) {
            int scale = BigDecimal.valueOf(price).stripTrailingZeros().scale();
            digits = Math.max(digits, Math.min(scale, 10));
        }
        return digits;
    }
}
