package io.mt5db.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Validation of every route's query parameters (and the X-Broker-Offset header), with errors (400)
 * that name the parameter. The plain names ({@link #symbol}, {@link #timeframe}) are required; the
 * {@code optional} ones answer null when absent.
 */
public final class QueryParams {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 100_000;
    static final int MAX_SYMBOLS = 200;

    private QueryParams() {
    }

    public static String symbol(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw ApiException.badRequest("Query parameter 'symbol' is required");
        }
        if (!SymbolName.isValid(symbol)) {
            throw ApiException.badRequest("Query parameter 'symbol' must be " + SymbolName.RULE);
        }
        return symbol;
    }

    public static Timeframe timeframe(String timeframe) {
        if (timeframe == null || timeframe.isBlank()) {
            throw ApiException.badRequest("Query parameter 'timeframe' is required");
        }
        return Timeframe.parse(timeframe).orElseThrow(() -> ApiException.badRequest(
                "Query parameter 'timeframe' must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
    }

    /** An optional symbol (trimmed), or null. */
    public static String optionalSymbol(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String symbol = value.trim();
        if (!SymbolName.isValid(symbol)) {
            throw ApiException.badRequest("Query parameter 'symbol': symbol must be " + SymbolName.RULE);
        }
        return symbol;
    }

    /** A comma-separated symbol list ({@code EURUSD,GBPUSD}), trimmed and deduplicated; empty means every symbol. */
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
            if (!SymbolName.isValid(symbol)) {
                throw ApiException.badRequest("Query parameter 'symbols': '" + TextRules.abbreviate(symbol, 64)
                        + "': symbol must be " + SymbolName.RULE);
            }
            symbols.add(symbol);
        }
        if (symbols.size() > MAX_SYMBOLS) {
            throw ApiException.badRequest("Query parameter 'symbols' names more than " + MAX_SYMBOLS + " symbols");
        }
        return new ArrayList<>(symbols);
    }

    /** An optional timeframe under the parameter {@code name}, or null. */
    public static Timeframe optionalTimeframe(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Timeframe.parse(value).orElseThrow(() -> ApiException.badRequest(
                "Query parameter '" + name + "' must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
    }

    /**
     * An optional parameter checked by a feature's own rule ({@code rule} answers null when the value is
     * acceptable, else why not), e.g. an account id.
     */
    public static String checked(String name, String value, UnaryOperator<String> rule) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String error = rule.apply(value);
        if (error != null) {
            throw ApiException.badRequest("Query parameter '" + name + "': " + error);
        }
        return value;
    }

    /** An optional time (ISO-8601, epoch, MQL5 text; UTC) within {@link TimeBounds}, or null. */
    public static Instant time(String name, String value) {
        return time(name, value, null);
    }

    public static Instant time(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return TimeBounds.requireQuery(name, TimestampParser.UTC.parseText(value));
        } catch (ApiException e) {
            throw e;
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw ApiException.badRequest("Query parameter '" + name + "': " + e.getMessage());
        }
    }

    /** A limit sent as text: {@code fallback} when absent, else a whole number from 1 to {@code max}. */
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

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("Query parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    public static boolean csv(String format) {
        if (format == null || format.isBlank()) {
            return false;
        }
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> false;
            case "csv" -> true;
            default -> throw ApiException.badRequest("Query parameter 'format' must be json or csv");
        };
    }

    public static void range(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("Query parameter 'from' must be before 'to' (from is inclusive, to exclusive)");
        }
    }

    /** A cursor this API returned: a positive whole number, or null. */
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
