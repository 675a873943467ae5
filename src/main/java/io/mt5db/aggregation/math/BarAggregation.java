package io.mt5db.aggregation.math;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * M1 bars to a roll-up aggregate, as the product contract defines it: open of the first bar by ts,
 * close of the last, max high, min low, sum of volumes, unweighted mean of the spreads. Bars of any
 * source count; a bucket without a usable bar has no candle.
 */
public final class BarAggregation {

    private BarAggregation() {
    }

    /** A stored M1 candle. volume and spread may be missing. */
    public record Bar(long tsMillis, double open, double high, double low, double close, Long volume, Double spread) {
    }

    /** A bar that can be aggregated: finite positive prices, volume and spread not negative. */
    public static boolean isUsable(Bar b) {
        return positive(b.open) && positive(b.high) && positive(b.low) && positive(b.close)
                && (b.volume == null || b.volume >= 0)
                && (b.spread == null || (Double.isFinite(b.spread) && b.spread >= 0));
    }

    private static boolean positive(double v) {
        return Double.isFinite(v) && v > 0;
    }

    /** Aggregates bars in any order; unusable ones are skipped and counted. */
    public static AggregationResult aggregate(Collection<Bar> bars) {
        List<Bar> usable = new ArrayList<>(bars.size());
        for (Bar b : bars) {
            if (isUsable(b)) {
                usable.add(b);
            }
        }
        int skipped = bars.size() - usable.size();
        if (usable.isEmpty()) {
            return new AggregationResult(null, skipped);
        }
        usable.sort(Comparator.comparingLong(Bar::tsMillis));
        Bar first = usable.get(0);
        double high = first.high;
        double low = first.low;
        Long volume = null;
        BigDecimal spreadSum = BigDecimal.ZERO;
        long spreadCount = 0;
        for (Bar b : usable) {
            high = Math.max(high, b.high);
            low = Math.min(low, b.low);
            if (b.volume != null) {
                volume = volume == null ? b.volume : volume + b.volume;
            }
            if (b.spread != null) {
                spreadSum = spreadSum.add(BigDecimal.valueOf(b.spread));
                spreadCount++;
            }
        }
        return new AggregationResult(new Aggregate(first.open, high, low, usable.get(usable.size() - 1).close, volume,
                spreadSum, spreadCount), skipped);
    }
}
