package io.mt5db.ingest;

/** Why one item of a batch was refused: a metric-friendly reason, the field and a sentence. */
public record Rejection(String reason, String field, String message) {
}
