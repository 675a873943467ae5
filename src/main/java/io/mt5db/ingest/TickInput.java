package io.mt5db.ingest;

/** A validated tick; its identity is every field (a re-sent identical tick is a duplicate). */
public record TickInput(String symbol, long tsMillis, double bid, double ask, Double last, Double volume,
        Integer flags) {
}
