package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtrTest {

    @Test
    void trueRangeCoversGaps() {
        assertEquals(2.0, Atr.trueRange(12, 10, 11));
        assertEquals(5.0, Atr.trueRange(12, 10, 7), "gap up: high - prevClose");
        assertEquals(6.0, Atr.trueRange(12, 10, 16), "gap down: prevClose - low");
    }

    private static List<Double> run(IndicatorConvention convention, double[][] hlc) {
        Atr atr = new Atr(convention);
        Atr.State state = Atr.State.initial();
        List<Double> out = new ArrayList<>();
        for (double[] bar : hlc) {
            Atr.Step step = atr.next(state, bar[0], bar[1], bar[2]);
            out.add(step.value());
            state = step.state();
        }
        return out;
    }

    @Test
    void firstValueAtRow14IsMeanOfTrueRangesOfRows1To14ThenConventionsDiverge() {
        double[][] bars = new double[17][];
        bars[0] = new double[] {150, 50, 100}; // row 0's range (100) must not count
        for (int i = 1; i < 15; i++) {
            bars[i] = new double[] {100 + i, 100 - i, 100}; // TR = 2i
        }
        bars[15] = new double[] {130, 70, 100}; // TR 60
        bars[16] = new double[] {101, 99, 100}; // TR 2
        double seed = 2.0 * (14 * 15 / 2) / 14;
        List<Double> talib = run(IndicatorConvention.TALIB, bars);
        List<Double> mt5 = run(IndicatorConvention.MT5, bars);
        assertNull(talib.get(13));
        assertNull(mt5.get(13));
        assertEquals(seed, talib.get(14), 1e-12);
        assertEquals(seed, mt5.get(14), 1e-12);
        double wilder15 = (seed * 13 + 60) / 14;
        assertEquals(wilder15, talib.get(15), 1e-12);
        assertEquals((seed * 14 - 2 + 60) / 14, mt5.get(15), 1e-12);
        assertEquals((wilder15 * 13 + 2) / 14, talib.get(16), 1e-12);
        assertEquals((seed * 14 - 2 - 4 + 60 + 2) / 14, mt5.get(16), 1e-12);
        assertNotEquals(talib.get(16), mt5.get(16));
    }

    @Test
    void stateRoundTripsAndIsDefensivelyCopied() {
        double[] window = new double[Atr.PERIOD];
        for (int i = 0; i < window.length; i++) {
            window[i] = i * 0.5;
        }
        Atr.State state = new Atr.State(30, 1.1, 0.7, window);
        window[0] = 99;
        assertEquals(0.0, state.trWindow()[0]);
        state.trWindow()[1] = 99;
        assertEquals(0.5, state.trWindow()[1]);
        double[] array = state.toArray();
        assertEquals(Atr.State.LENGTH, array.length);
        assertEquals(30, array[0]);
        assertEquals(1.1, array[1]);
        assertEquals(0.7, array[2]);
        assertEquals(6.5, array[16]);
        assertEquals(state, Atr.State.fromArray(array));
        assertArrayEquals(array, Atr.State.fromArray(array).toArray());
        assertThrows(IllegalArgumentException.class, () -> Atr.State.fromArray(new double[Atr.State.LENGTH - 1]));
        assertThrows(IllegalArgumentException.class, () -> new Atr.State(0, 0, 0, new double[3]));
    }
}
