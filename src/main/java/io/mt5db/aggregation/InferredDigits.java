package io.mt5db.aggregation;

import io.mt5db.market.SymbolDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each symbol's inferred digits (the most decimals its prices show) up to date from the prices
 * the jobs read, writing only when they grow or once a minute (a chunk that rolled back is covered by
 * the next write), so a busy symbol does not lock its symbols row every second.
 */
@ApplicationScoped
public class InferredDigits {

    private static final long REFRESH_NANOS = 60_000_000_000L;

    private record Noted(int digits, long at) {
    }

    private final Map<String, Noted> noted = new ConcurrentHashMap<>();

    void note(Connection transaction, String symbol, int digits) throws SQLException {
        if (digits < 0) {
            return;
        }
        long now = System.nanoTime();
        Noted last = noted.get(symbol);
        if (last != null && last.digits >= digits && now - last.at < REFRESH_NANOS) {
            return;
        }
        SymbolDirectory.noteInferredDigits(transaction, symbol, digits);
        noted.put(symbol, new Noted(Math.max(digits, last == null ? 0 : last.digits), now));
    }
}
