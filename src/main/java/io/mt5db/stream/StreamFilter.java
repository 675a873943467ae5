package io.mt5db.stream;

import io.mt5db.common.ApiException;
import io.mt5db.common.SymbolName;
import io.mt5db.common.Timeframe;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one client subscribed to: symbols, timeframes and event types (empty = all), and the account
 * its key is bound to (null = every account).
 */
public record StreamFilter(Set<String> symbols, Set<String> timeframes, Set<String> types, String account) {

    /** Parses the query parameters; a bad value is a 400 naming the parameter and the value. */
    public static StreamFilter parse(String symbols, String timeframes, String types, String account) {
        Set<String> symbolSet = new LinkedHashSet<>();
        for (String symbol : split(symbols)) {
            if (!SymbolName.isValid(symbol)) {
                throw ApiException.badRequest("Query parameter 'symbols': '" + abbreviate(symbol) + "' is not a symbol ("
                        + SymbolName.RULE + ")");
            }
            symbolSet.add(symbol);
        }
        Set<String> timeframeSet = new LinkedHashSet<>();
        for (String timeframe : split(timeframes)) {
            timeframeSet.add(Timeframe.parse(timeframe).orElseThrow(() -> ApiException.badRequest(
                    "Query parameter 'timeframes': '" + abbreviate(timeframe) + "' is not one of "
                            + java.util.Arrays.toString(Timeframe.values()))).name());
        }
        Set<String> typeSet = new LinkedHashSet<>();
        for (String type : split(types)) {
            String t = type.toLowerCase(Locale.ROOT);
            if (!StreamEvent.SUBSCRIBABLE.contains(t)) {
                throw ApiException.badRequest("Query parameter 'types': '" + abbreviate(type) + "' is not one of "
                        + StreamEvent.SUBSCRIBABLE);
            }
            typeSet.add(t);
        }
        return new StreamFilter(Set.copyOf(symbolSet), Set.copyOf(timeframeSet), Set.copyOf(typeSet), account);
    }

    /** Whether the client is sent this event; control events (heartbeat, reset, dropped) always are. */
    public boolean matches(StreamEvent event) {
        String type = event.type();
        if (!StreamEvent.SUBSCRIBABLE.contains(type)) {
            return true;
        }
        if (!types.isEmpty() && !types.contains(type)) {
            return false;
        }
        // A global model (no symbol) concerns every symbol.
        if (!symbols.isEmpty() && event.symbol() != null && !symbols.contains(event.symbol())) {
            return false;
        }
        if (!timeframes.isEmpty() && event.timeframe() != null && !timeframes.contains(event.timeframe())) {
            return false;
        }
        if (account == null || !StreamEvent.SIGNAL.equals(type)) {
            return true;
        }
        // A bound key sees its account's and broadcast signals, and only its own account's deliveries.
        if (event.accountId() != null && !account.equals(event.accountId())) {
            return false;
        }
        return event.deliveryAccountId() == null || account.equals(event.deliveryAccountId());
    }

    private static java.util.List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return java.util.List.of();
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String part : csv.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            parts.add(p);
        }
        return parts;
    }

    private static String abbreviate(String text) {
        return io.mt5db.common.TextRules.abbreviate(text, 40);
    }
}
