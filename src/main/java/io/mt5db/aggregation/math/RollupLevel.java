package io.mt5db.aggregation.math;

import io.mt5db.common.Timeframe;
import java.util.List;
import java.util.Optional;

/**
 * The roll-up chain. M5 is computed from M1 candles of any source; every higher level from the
 * aggregates one level down, whose buckets nest exactly in its own (H4 at 00,04..20Z, weeks and
 * months start on a UTC day), so each level equals the aggregate of all its M1 bars.
 */
public enum RollupLevel {
    M5(Timeframe.M5), M15(Timeframe.M15), M30(Timeframe.M30), H1(Timeframe.H1), H4(Timeframe.H4),
    D1(Timeframe.D1), W1(Timeframe.W1), MN1(Timeframe.MN1);

    private final Timeframe timeframe;

    RollupLevel(Timeframe timeframe) {
        this.timeframe = timeframe;
    }

    public Timeframe timeframe() {
        return timeframe;
    }

    /** 1 (M5) .. 8 (MN1): the processing order, stored with each mark. */
    public int number() {
        return ordinal() + 1;
    }

    public static RollupLevel ofNumber(int number) {
        return values()[number - 1];
    }

    public static Optional<RollupLevel> of(Timeframe timeframe) {
        for (RollupLevel level : values()) {
            if (level.timeframe == timeframe) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** The level this one is computed from; empty for M5, which reads M1 candles. */
    public Optional<RollupLevel> child() {
        return switch (this) {
            case M5 -> Optional.empty();
            case W1, MN1 -> Optional.of(D1);
            default -> Optional.of(values()[ordinal() - 1]);
        };
    }

    /** The levels computed from this one. */
    public List<RollupLevel> parents() {
        return switch (this) {
            case D1 -> List.of(W1, MN1);
            case W1, MN1 -> List.of();
            default -> List.of(values()[ordinal() + 1]);
        };
    }
}
