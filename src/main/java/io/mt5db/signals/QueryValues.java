package io.mt5db.signals;

import io.mt5db.common.ApiException;
import io.mt5db.common.TextRules;
import io.mt5db.common.Timeframe;
import io.mt5db.common.TimestampParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Validation of the signal and trade routes' query parameters and headers; errors (400) name the parameter. */
public final class QueryValues {

    static final int MAX_SYMBOLS = 200;

    private QueryValues() {
    }

    /** An optional account id. */
    public static String account(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String error = SignalRules.accountIdError(value);
        if (error != null) {
            throw ApiException.badRequest("Query parameter 'account_id': " + error);
        }
        return value;
    }

    public static String symbol(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String error = SignalRules.symbolError(value.trim());
        if (error != null) {
            throw ApiException.badRequest("Query parameter 'symbol': " + error);
        }
        return value.trim();
    }

    /** A comma-separated symbol list ({@code EURUSD,GBPUSD}); empty means every symbol. */
    public static List<String> symbols(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String part : csv.split(",")) {
            String symbol = part.trim();
            if (symbol.isEmpty()) {
                continue;
            }
            String error = SignalRules.symbolError(symbol);
            if (error != null) {
                throw ApiException.badRequest("Query parameter 'symbols': '" + TextRules.abbreviate(symbol, 64) + "': "
                        + error);
            }
            symbols.add(symbol);
        }
        if (symbols.size() > MAX_SYMBOLS) {
            throw ApiException.badRequest("Query parameter 'symbols' names more than " + MAX_SYMBOLS + " symbols");
        }
        return new ArrayList<>(symbols);
    }

    public static Timeframe timeframe(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Timeframe.parse(value).orElseThrow(() -> ApiException.badRequest(
                "Query parameter '" + name + "' must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
    }

    public static int limit(String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Query parameter 'limit' must be a whole number between 1 and " + max);
    }

    public static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return io.mt5db.common.TimeBounds.requireQuery(name, TimestampParser.UTC.parseText(value));
        } catch (io.mt5db.common.ApiException e) {
            throw e;
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw ApiException.badRequest("Query parameter '" + name + "': " + e.getMessage());
        }
    }

    public static void range(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("Query parameter 'from' must be before 'to' (from is inclusive, to exclusive)");
        }
    }

    /** A cursor this API returned: a positive whole number. */
    public static Long cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long cursor = Long.parseLong(value.trim());
            if (cursor > 0) {
                return cursor;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Query parameter 'cursor' is not a cursor this API returned");
    }

    /** Reads timestamps without an offset in the zone of the X-Broker-Offset header (UTC without it). */
    public static TimestampParser brokerTimestamps(String brokerOffsetHeader) {
        try {
            return new TimestampParser(TimestampParser.parseBrokerZone(brokerOffsetHeader));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
