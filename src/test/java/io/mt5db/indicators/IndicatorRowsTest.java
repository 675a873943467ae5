package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.math.IndicatorValues;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorRowsTest {

    private static IndicatorValues rsiOnly(Double rsi) {
        return new IndicatorValues(rsi, null, null, null, null, null, null, null);
    }

    @Test
    void aBarStillWarmingUpMakesNoRow() {
        IndicatorRows rows = new IndicatorRows(4);
        assertFalse(rows.add(1000, rsiOnly(null)));
        assertTrue(rows.isEmpty());
    }

    @Test
    void keepsColumnsInTableOrderWithNullsForMissingValues() {
        IndicatorRows rows = new IndicatorRows(4);
        assertTrue(rows.add(60_000, new IndicatorValues(55.5, 0.1, 0.2, -0.1, 1.5, 3.0, 2.0, 1.0)));
        assertTrue(rows.add(120_000, rsiOnly(0.0)));
        assertArrayEquals(new Long[] {60_000L, 120_000L}, rows.tsMillis(0, 2));
        assertArrayEquals(new Double[] {55.5, 0.0}, rows.column(0, 0, 2));
        assertArrayEquals(new Double[] {1.0, null}, rows.column(7, 0, 2));
    }

    @Test
    void anOverflowedValueIsStoredAsNull() {
        IndicatorRows rows = new IndicatorRows(4);
        rows.add(0, new IndicatorValues(50.0, Double.NaN, Double.POSITIVE_INFINITY, null, null, null, null, null));
        assertArrayEquals(new Double[] {null}, rows.column(1, 0, 1));
        assertArrayEquals(new Double[] {null}, rows.column(2, 0, 1));
        assertFalse(rows.add(1, new IndicatorValues(Double.NaN, null, null, null, null, null, null, null)));
    }

    @Test
    void growsPastItsInitialCapacityAndSlices() {
        IndicatorRows rows = new IndicatorRows(1);
        for (int i = 0; i < 100; i++) {
            rows.add(i, rsiOnly((double) i));
        }
        assertEquals(100, rows.size());
        assertArrayEquals(new Double[] {40.0, 41.0, 42.0}, rows.column(0, 40, 43));
        assertArrayEquals(new Long[] {99L}, rows.tsMillis(99, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> rows.column(0, 90, 101));
    }

    @Test
    void splitsAgainstTheStoredRowsIntoFreshExistingAndAbsent() {
        IndicatorRows rows = new IndicatorRows(4);
        for (long ts : new long[] {15, 20, 30, 50, 70}) {
            rows.add(ts, rsiOnly((double) ts));
        }
        IndicatorRows.Split split = rows.against(List.of(10L, 20L, 30L, 40L, 50L, 60L));
        assertArrayEquals(new Long[] {15L, 70L}, split.fresh().tsMillis(0, split.fresh().size()));
        assertArrayEquals(new Double[] {15.0, 70.0}, split.fresh().column(0, 0, 2));
        assertArrayEquals(new Long[] {20L, 30L, 50L}, split.existing().tsMillis(0, split.existing().size()));
        assertArrayEquals(new Double[] {20.0, 30.0, 50.0}, split.existing().column(0, 0, 3));
        assertEquals(List.of(10L, 40L, 60L), split.absent());
    }

    @Test
    void withNothingStoredEveryRowIsFresh() {
        IndicatorRows rows = new IndicatorRows(4);
        rows.add(1, rsiOnly(1.0));
        IndicatorRows.Split split = rows.against(List.of());
        assertEquals(1, split.fresh().size());
        assertTrue(split.existing().isEmpty());
        assertTrue(split.absent().isEmpty());
        assertEquals(List.of(5L), new IndicatorRows(1).against(List.of(5L)).absent());
    }
}
