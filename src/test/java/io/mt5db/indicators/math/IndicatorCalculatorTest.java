package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndicatorCalculatorTest {

    @Test
    void defaultsToTalib() {
        assertEquals(IndicatorConvention.TALIB, new IndicatorCalculator().convention());
    }

    @Test
    void stateArrayLayout() {
        assertEquals(57, IndicatorCalculator.State.LENGTH);
        IndicatorCalculator calc = new IndicatorCalculator(IndicatorConvention.MT5);
        List<Bar> bars = ResumeEquivalenceTest.randomWalk(new Random(3), 40, false);
        IndicatorCalculator.State state = calc.computeFrom(calc.initialState(), bars).state();
        double[] a = state.toArray();
        assertEquals(IndicatorCalculator.State.LENGTH, a.length);
        assertEquals(1.0, a[0], "format version");
        assertEquals(1.0, a[1], "MT5 ordinal");
        assertEquals(40.0, a[2], "rsi count");
        assertEquals(40.0, a[6], "macd count");
        assertEquals(40.0, a[19], "atr count");
        assertEquals(40.0, a[36], "bollinger count");
        assertEquals(bars.get(39).close(), a[3], "rsi prevClose");
        assertEquals(bars.get(39).close(), a[56], "newest close ends the array");
        assertEquals(40, IndicatorCalculator.State.fromArray(a).barCount());
    }

    @Test
    void fromArrayRejectsCorruptArrays() {
        double[] good = IndicatorCalculator.State.initial(IndicatorConvention.TALIB).toArray();
        assertThrows(IllegalArgumentException.class, () -> IndicatorCalculator.State.fromArray(null));
        assertThrows(IllegalArgumentException.class, () -> IndicatorCalculator.State.fromArray(new double[56]));
        double[] version = good.clone();
        version[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> IndicatorCalculator.State.fromArray(version));
        double[] convention = good.clone();
        convention[1] = 5;
        assertThrows(IllegalArgumentException.class, () -> IndicatorCalculator.State.fromArray(convention));
        double[] counts = good.clone();
        counts[6] = 1;
        assertThrows(IllegalArgumentException.class, () -> IndicatorCalculator.State.fromArray(counts));
    }

    @Test
    void rejectsStateOfTheOtherConvention() {
        IndicatorCalculator talib = new IndicatorCalculator(IndicatorConvention.TALIB);
        IndicatorCalculator.State mt5State = IndicatorCalculator.State.initial(IndicatorConvention.MT5);
        assertThrows(IllegalArgumentException.class, () -> talib.next(mt5State, new Bar(1, 1, 1)));
    }

    @Test
    void barRejectsNonFinitePrices() {
        assertThrows(IllegalArgumentException.class, () -> new Bar(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Bar(1, 1, Double.POSITIVE_INFINITY));
    }

    @Test
    void emptyAndShortSeriesGiveOnlyNulls() {
        IndicatorCalculator calc = new IndicatorCalculator();
        assertTrue(calc.computeAll(List.of()).isEmpty());
        IndicatorValues first = calc.computeAll(List.of(new Bar(2, 1, 1.5))).get(0);
        assertEquals(new IndicatorValues(null, null, null, null, null, null, null, null), first);
    }
}
