package io.mt5db.aggregation.math;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The aggregate of one period: OHLC, volume and an exact spread sum. Spread sums are exact decimals of
 * the values as written (ask - bid of 1.0857 and 1.0855 is 0.0002), so combining the aggregates of
 * consecutive parts gives exactly the mean spread of all inputs at once, however the parts were cut.
 *
 * @param volume tick count (from ticks) or the sum of the bars' volumes; null when no bar had one
 * @param spreadSum exact sum of the spreads that were present
 * @param spreadCount how many spreads were summed
 */
public record Aggregate(double open, double high, double low, double close, Long volume, BigDecimal spreadSum,
        long spreadCount) {

    /** Symbols show at most this many decimals (symbol metadata digits 0..10). */
    static final int MAX_DIGITS = 10;

    /**
     * Unweighted mean of the spreads, rounded (half-even) to one decimal more than the summed values
     * show: ticks priced with 5 digits give a mean with 6 (0.000150), so the same inputs always give
     * the same short number. Null when there were none.
     */
    public Double meanSpread() {
        if (spreadCount == 0) {
            return null;
        }
        int decimals = Math.max(0, Math.min(spreadSum.scale(), MAX_DIGITS)) + 1;
        return spreadSum.divide(BigDecimal.valueOf(spreadCount), decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * Combines the aggregates of consecutive, non-overlapping periods given in time order: open of
     * the first, close of the last, extreme high and low, summed volume and spreads.
     *
     * @return null when there are no parts
     */
    public static Aggregate combine(List<Aggregate> partsInTimeOrder) {
        if (partsInTimeOrder.isEmpty()) {
            return null;
        }
        Aggregate first = partsInTimeOrder.get(0);
        double high = first.high;
        double low = first.low;
        Long volume = null;
        BigDecimal spreadSum = BigDecimal.ZERO;
        long spreadCount = 0;
        for (Aggregate part : partsInTimeOrder) {
            high = Math.max(high, part.high);
            low = Math.min(low, part.low);
            if (part.volume != null) {
                volume = volume == null ? part.volume : volume + part.volume;
            }
            spreadSum = spreadSum.add(part.spreadSum);
            spreadCount += part.spreadCount;
        }
        return new Aggregate(first.open, high, low, partsInTimeOrder.get(partsInTimeOrder.size() - 1).close, volume,
                spreadSum, spreadCount);
    }

    /** Same values, comparing spread sums by value (a decimal's scale is not part of it). */
    public boolean sameAs(Aggregate other) {
        return other != null && Double.compare(open, other.open) == 0 && Double.compare(high, other.high) == 0
                && Double.compare(low, other.low) == 0 && Double.compare(close, other.close) == 0
                && java.util.Objects.equals(volume, other.volume) && spreadSum.compareTo(other.spreadSum) == 0
                && spreadCount == other.spreadCount;
    }
}
