package io.mt5db.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.JsonFieldReader;
import io.mt5db.common.JsonFieldReader.FieldException;
import io.mt5db.common.TimestampParser;
import java.time.Instant;
import java.util.Set;

/** Turns one client JSON tick into a {@link TickInput} or a {@link Rejection}. */
public final class TickParser {

    /** Every field {@link #parse} reads (the old system's {@code time} too); a tick's other fields are not kept. */
    public static final Set<String> FIELDS = Set.of("symbol", "ts", "ts_msc", "time", "bid", "ask", "last", "volume",
            "flags");

    private final TimestampParser timestamps;
    private final Instant latestAllowed;

    public TickParser(TimestampParser timestamps, Instant latestAllowed) {
        this.timestamps = timestamps;
        this.latestAllowed = latestAllowed;
    }

    public record Parsed(TickInput tick, Rejection rejection, String symbol, String tsOriginal, Instant ts) {
    }

    public Parsed parse(JsonNode item) {
        if (item == null || !item.isObject()) {
            return new Parsed(null, new Rejection("invalid_item", null, "each tick must be a JSON object"), null, null, null);
        }
        String symbolText = item.path("symbol").isTextual() ? item.get("symbol").textValue() : null;
        String tsField = timestampField(item);
        String tsOriginal = JsonFieldReader.describe(item.get(tsField));
        Instant ts = null;
        try {
            String symbol = CandleParser.symbol(item);
            ts = readTimestamp(item, tsField);
            double bid = JsonFieldReader.requiredPositive(item, "bid");
            double ask = JsonFieldReader.requiredPositive(item, "ask");
            if (bid > ask) {
                throw new FieldException("crossed_quote", "bid", "bid " + bid + " is above ask " + ask);
            }
            Double last = JsonFieldReader.optionalNumber(item, "last", "invalid_price");
            if (last != null && last < 0) {
                throw new FieldException("invalid_price", "last", "last must be ≥ 0 (got " + last + ")");
            }
            Double volume = JsonFieldReader.optionalNumber(item, "volume", "invalid_volume");
            if (volume != null && volume < 0) {
                throw new FieldException("invalid_volume", "volume", "volume must be ≥ 0 (got " + volume + ")");
            }
            Integer flags = flags(item);
            return new Parsed(new TickInput(symbol, ts.toEpochMilli(), bid, ask, last, volume, flags), null, symbol,
                    tsOriginal, ts);
        } catch (FieldException e) {
            return new Parsed(null, new Rejection(e.reason(), e.field(), e.getMessage()), CandleParser.echo(symbolText), tsOriginal, ts);
        }
    }

    private static String timestampField(JsonNode item) {
        if (JsonFieldReader.present(item, "ts_msc") != null) {
            return "ts_msc";
        }
        if (JsonFieldReader.present(item, "ts") == null && JsonFieldReader.present(item, "time") != null) {
            return "time";
        }
        return "ts";
    }

    /** The tick's time, within the range of {@link io.mt5db.common.TimeBounds}. */
    private Instant readTimestamp(JsonNode item, String field) {
        if (field.equals("ts_msc")) {
            JsonNode node = item.get(field);
            long millis;
            if (node.isIntegralNumber()) {
                millis = node.longValue();
            } else if (node.isTextual() && node.textValue().trim().matches("\\d{1,16}")) {
                millis = Long.parseLong(node.textValue().trim());
            } else {
                throw new FieldException("invalid_ts", field, "ts_msc must be whole epoch milliseconds");
            }
            return JsonFieldReader.requireInRange(field, timestamps.fromBrokerEpochMillis(millis), latestAllowed);
        }
        // Checked before the millisecond conversion, which overflows for the extreme years.
        Instant ts = JsonFieldReader.requireInRange(field, JsonFieldReader.timestamp(item, field, timestamps), latestAllowed);
        return Instant.ofEpochMilli(ts.toEpochMilli());
    }

    private static Integer flags(JsonNode item) {
        JsonNode node = JsonFieldReader.present(item, "flags");
        if (node == null) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 0) {
            throw new FieldException("invalid_flags", "flags", "flags must be a non-negative integer");
        }
        return node.intValue();
    }
}
