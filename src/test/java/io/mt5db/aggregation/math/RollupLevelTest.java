package io.mt5db.aggregation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.Timeframe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollupLevelTest {

    @Test
    void chainCoversEveryRolledUpTimeframeOnce() {
        assertEquals(List.of(Timeframe.M5, Timeframe.M15, Timeframe.M30, Timeframe.H1, Timeframe.H4, Timeframe.D1,
                Timeframe.W1, Timeframe.MN1), java.util.Arrays.stream(RollupLevel.values()).map(RollupLevel::timeframe).toList());
        assertEquals(Optional.empty(), RollupLevel.M5.child());
        assertEquals(Optional.of(RollupLevel.D1), RollupLevel.W1.child());
        assertEquals(Optional.of(RollupLevel.D1), RollupLevel.MN1.child());
        assertEquals(List.of(RollupLevel.W1, RollupLevel.MN1), RollupLevel.D1.parents());
        for (RollupLevel level : RollupLevel.values()) {
            assertEquals(level, RollupLevel.ofNumber(level.number()));
            level.child().ifPresent(child -> assertTrue(child.parents().contains(level)));
        }
    }

    /** Every child bucket lies inside one parent bucket, so parents can be combined from children. */
    @Test
    void childBucketsNestInTheirParents() {
        Instant t = Instant.parse("2023-12-24T00:00:00Z");
        Instant end = Instant.parse("2024-03-10T00:00:00Z");
        for (RollupLevel level : RollupLevel.values()) {
            if (level.child().isEmpty()) {
                continue;
            }
            Timeframe child = level.child().get().timeframe();
            for (Instant b = child.floor(t); b.isBefore(end); b = child.next(b)) {
                Instant parent = level.timeframe().floor(b);
                Instant lastInstant = child.next(b).minusMillis(1);
                assertEquals(parent, level.timeframe().floor(lastInstant), level + " child " + b + " crosses its parent");
            }
        }
    }
}
