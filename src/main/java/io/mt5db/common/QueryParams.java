package io.mt5db.common;

import java.time.Instant;
import java.util.Locale;

/** Validation of the read API's common query parameters, with errors that name the parameter. */
public final class QueryParams {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 100_000;

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

    public static Instant time(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return io.mt5db.common.TimeBounds.requireQuery(name, TimestampParser.UTC.parseText(value));
        } catch (io.mt5db.common.ApiException e) {
            throw e;
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw ApiException.badRequest("Query parameter '" + name + "': " + e.getMessage());
        }
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
}
