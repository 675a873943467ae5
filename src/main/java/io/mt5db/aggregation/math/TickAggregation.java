package io.mt5db.aggregation.math;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Ticks to an aggregate, exactly as the product contract defines an M1 candle: open = price of the
 * earliest tick by ts (ties: arrival order, i.e. seq), close = the latest, high/low = max/min price,
 * volume = tick count, spread = mean(ask - bid) in decimal (see {@link Aggregate#meanSpread()}). Works on any period; the job applies it to 5-second
 * slices and combines those into minutes, which gives the same candle as all the minute's ticks.
 */
public final class TickAggregation {

    /** Width of a slice, the unit the job recomputes from stored ticks. Divides a minute. */
    public static final long SLICE_MILLIS = 5_000;

    private static final Comparator<Tick> ARRIVAL_ORDER =
            Comparator.comparingLong(Tick::tsMillis).thenComparingLong(Tick::seq);

    private TickAggregation() {
    }

    /** A stored tick: ts in epoch ms, seq its arrival order. */
    public record Tick(long tsMillis, long seq, double bid, double ask) {
    }

    public static long sliceStart(long tsMillis) {
        return Math.floorDiv(tsMillis, SLICE_MILLIS) * SLICE_MILLIS;
    }

    public static long minuteStart(long tsMillis) {
        return Math.floorDiv(tsMillis, 60_000L) * 60_000L;
    }

    /** A tick that can be priced: finite, positive, not crossed. Ingest validates, but imports may not. */
    public static boolean isUsable(Tick t) {
        return Double.isFinite(t.bid) && Double.isFinite(t.ask) && t.bid > 0 && t.ask > 0 && t.bid <= t.ask;
    }

    /**
     * ask - bid in decimal, from the prices as they are written (1.0857 - 1.0855 = 0.0002), not the
     * binary difference of the doubles (0.000200000000000200...); its scale is the decimals the prices show.
     */
    static BigDecimal spread(Tick t) {
        return BigDecimal.valueOf(t.ask).subtract(BigDecimal.valueOf(t.bid));
    }

    /** Aggregates ticks in any order; unusable ones are skipped and counted. */
    public static AggregationResult aggregate(Collection<Tick> ticks, PriceBasis basis) {
        List<Tick> usable = new ArrayList<>(ticks.size());
        for (Tick t : ticks) {
            if (isUsable(t)) {
                usable.add(t);
            }
        }
        int skipped = ticks.size() - usable.size();
        if (usable.isEmpty()) {
            return new AggregationResult(null, skipped);
        }
        usable.sort(ARRIVAL_ORDER);
        double open = basis.price(usable.get(0).bid, usable.get(0).ask);
        double high = open;
        double low = open;
        double close = open;
        BigDecimal spreadSum = BigDecimal.ZERO;
        for (Tick t : usable) {
            close = basis.price(t.bid, t.ask);
            high = Math.max(high, close);
            low = Math.min(low, close);
            spreadSum = spreadSum.add(spread(t));
        }
        return new AggregationResult(
                new Aggregate(open, high, low, close, (long) usable.size(), spreadSum, usable.size()), skipped);
    }
}
