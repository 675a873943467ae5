package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsiTest {

    private static List<Double> run(IndicatorConvention convention, double... closes) {
        Rsi rsi = new Rsi(convention);
        Rsi.State state = Rsi.State.initial();
        List<Double> out = new ArrayList<>();
        for (double c : closes) {
            Rsi.Step step = rsi.next(state, c);
            out.add(step.value());
            state = step.state();
        }
        return out;
    }

    @Test
    void seedIsPlainMeanOfFirstFourteenChangesThenWilder() {
        // Changes of rows 1..14: 11 gains of 1 and 3 losses of 2, so avg gain 11/14, avg loss 6/14.
        double[] closes = {100, 101, 102, 103, 104, 105, 103, 104, 105, 106, 104, 105, 106, 104, 105, 103};
        List<Double> talib = run(IndicatorConvention.TALIB, closes);
        for (int i = 0; i < 14; i++) {
            assertNull(talib.get(i), "row " + i);
        }
        assertEquals(100.0 * 11 / 17, talib.get(14), 1e-12);
        double gain = (11.0 / 14 * 13 + 0) / 14;
        double loss = (6.0 / 14 * 13 + 2) / 14;
        assertEquals(100.0 * gain / (gain + loss), talib.get(15), 1e-12);
        List<Double> mt5 = run(IndicatorConvention.MT5, closes);
        assertEquals(100.0 - 100.0 / (1 + gain / loss), mt5.get(15), 1e-12);
    }

    @Test
    void flatSeriesIsZeroForTalibFiftyForMt5AndOnlyGainsIsHundred() {
        double[] flat = new double[20];
        java.util.Arrays.fill(flat, 1.2345);
        assertEquals(0.0, run(IndicatorConvention.TALIB, flat).get(19));
        assertEquals(50.0, run(IndicatorConvention.MT5, flat).get(19));
        double[] up = new double[20];
        for (int i = 0; i < up.length; i++) {
            up[i] = i;
        }
        assertEquals(100.0, run(IndicatorConvention.TALIB, up).get(19));
        assertEquals(100.0, run(IndicatorConvention.MT5, up).get(19));
    }

    @Test
    void stateRoundTripsThroughArray() {
        Rsi.State state = new Rsi.State(17, 1.5, 0.25, 0.125);
        double[] array = state.toArray();
        assertArrayEquals(new double[] {17, 1.5, 0.25, 0.125}, array);
        assertEquals(state, Rsi.State.fromArray(array));
    }

    @Test
    void fromArrayRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Rsi.State.fromArray(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Rsi.State.fromArray(new double[] {-1, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Rsi.State.fromArray(new double[] {1.5, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Rsi.State.fromArray(new double[] {Double.NaN, 0, 0, 0}));
    }
}
