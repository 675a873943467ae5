package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BollingerTest {

    private static List<Bollinger.Step> run(IndicatorConvention convention, double... closes) {
        Bollinger bb = new Bollinger(convention);
        Bollinger.State state = Bollinger.State.initial();
        List<Bollinger.Step> out = new ArrayList<>();
        for (double c : closes) {
            Bollinger.Step step = bb.next(state, c);
            out.add(step);
            state = step.state();
        }
        return out;
    }

    @Test
    void populationStdOfTheLastTwentyCloses() {
        double[] closes = new double[22];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = i + 1;
        }
        double std = Math.sqrt((20.0 * 20.0 - 1) / 12); // population std of 20 consecutive integers
        List<Bollinger.Step> talib = run(IndicatorConvention.TALIB, closes);
        assertNull(talib.get(18).middle());
        assertEquals(10.5, talib.get(19).middle(), 1e-12);
        assertEquals(10.5 + 2 * std, talib.get(19).upper(), 1e-12);
        assertEquals(10.5 - 2 * std, talib.get(19).lower(), 1e-12);
        assertEquals(11.5 + 2 * std, talib.get(20).upper(), 1e-12);

        List<Bollinger.Step> mt5 = run(IndicatorConvention.MT5, closes);
        assertNull(mt5.get(19).middle());
        assertNull(mt5.get(19).upper());
        assertEquals(11.5, mt5.get(20).middle(), 1e-12);
        assertEquals(11.5 - 2 * std, mt5.get(20).lower(), 1e-12);
    }

    @Test
    void noCancellationAtHighPriceLevels() {
        double[] closes = new double[20];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = 35000.0 + (i % 2 == 0 ? 0.015625 : -0.015625);
        }
        // Exactly representable inputs, so the two-pass result is exact; a running sum of squares
        // (~2.45e10 per term) would lose the 2.4e-4 variance almost entirely.
        Bollinger.Step step = run(IndicatorConvention.TALIB, closes).get(19);
        assertEquals(35000.0, step.middle());
        assertEquals(35000.03125, step.upper());
        assertEquals(34999.96875, step.lower());
    }

    @Test
    void stateRoundTrips() {
        Bollinger.State state = run(IndicatorConvention.MT5, 1, 2, 3).get(2).state();
        double[] array = state.toArray();
        assertEquals(Bollinger.State.LENGTH, array.length);
        assertEquals(3, array[0]);
        assertEquals(1, array[18]);
        assertEquals(3, array[20]);
        assertEquals(state, Bollinger.State.fromArray(array));
    }
}
