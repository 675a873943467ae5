package io.mt5db.aggregation.math;

/**
 * What aggregating one period's inputs gave.
 *
 * @param aggregate null when no valid input was left (the period has no candle)
 * @param skipped inputs that could not be used (non-finite or non-positive prices, a crossed quote)
 */
public record AggregationResult(Aggregate aggregate, int skipped) {
}
