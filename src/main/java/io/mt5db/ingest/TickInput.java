package io.mt5db.ingest;

/** A validated tick; its identity is every field (a re-sent identical tick is a duplicate). */
public record TickInput(String symbol, long tsMillis, double bid, double ask, Double last, Double volume,
        Integer flags) {

    // Written out: a batch hashes every tick to find repeats, and the generated record methods are
    // several times slower in C1-compiled code. Same contract: doubles compare as Double.equals does.
    @Override
    public int hashCode() {
        int h = symbol.hashCode();
        h = 31 * h + Long.hashCode(tsMillis);
        h = 31 * h + Double.hashCode(bid);
        h = 31 * h + Double.hashCode(ask);
        h = 31 * h + (last == null ? 0 : last.hashCode());
        h = 31 * h + (volume == null ? 0 : volume.hashCode());
        return 31 * h + (flags == null ? 0 : flags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TickInput t && tsMillis == t.tsMillis
                && Double.doubleToLongBits(bid) == Double.doubleToLongBits(t.bid)
                && Double.doubleToLongBits(ask) == Double.doubleToLongBits(t.ask) && symbol.equals(t.symbol)
                && java.util.Objects.equals(last, t.last) && java.util.Objects.equals(volume, t.volume)
                && java.util.Objects.equals(flags, t.flags);
    }
}
