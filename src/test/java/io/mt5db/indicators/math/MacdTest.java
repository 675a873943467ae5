package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MacdTest {

    private static List<Macd.Step> run(IndicatorConvention convention, int n, java.util.function.IntToDoubleFunction close) {
        Macd macd = new Macd(convention);
        Macd.State state = Macd.State.initial();
        List<Macd.Step> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Macd.Step step = macd.next(state, close.applyAsDouble(i));
            out.add(step);
            state = step.state();
        }
        return out;
    }

    @Test
    void talibSeedsFastEmaWithCloses14To25AndSlowWithCloses0To25() {
        List<Macd.Step> steps = run(IndicatorConvention.TALIB, 40, i -> i);
        Macd.State atRow25 = steps.get(25).state();
        assertEquals(19.5, atRow25.fastEma(), "mean of 14..25");
        assertEquals(12.5, atRow25.slowEma(), "mean of 0..25");
        for (int i = 0; i < 33; i++) {
            assertNull(steps.get(i).macd(), "row " + i);
            assertNull(steps.get(i).signal(), "row " + i);
            assertNull(steps.get(i).hist(), "row " + i);
        }
        // On a unit ramp an SMA-seeded EMA(n) lags by exactly (n-1)/2, so the line stays at 7.
        for (int i = 33; i < 40; i++) {
            assertEquals(7.0, steps.get(i).macd(), 1e-12, "row " + i);
            assertEquals(7.0, steps.get(i).signal(), 1e-12, "row " + i);
            assertEquals(0.0, steps.get(i).hist(), 1e-12, "row " + i);
        }
    }

    @Test
    void talibIgnoresCloses0To13ForTheFastEma() {
        List<Macd.Step> a = run(IndicatorConvention.TALIB, 26, i -> 100);
        List<Macd.Step> b = run(IndicatorConvention.TALIB, 26, i -> i < 14 ? 500 : 100);
        assertEquals(a.get(25).state().fastEma(), b.get(25).state().fastEma());
    }

    @Test
    void mt5SeedsEmasWithFirstCloseAndUsesSmaSignal() {
        List<Macd.Step> steps = run(IndicatorConvention.MT5, 12, i -> i);
        assertEquals(0.0, steps.get(0).macd());
        assertNull(steps.get(0).signal());
        double fast = 2.0 / 13;
        double slow = 2.0 / 27;
        assertEquals(fast - slow, steps.get(1).macd(), 1e-15);
        assertNull(steps.get(7).signal());
        double sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += steps.get(i).macd();
        }
        assertEquals(sum / 9, steps.get(8).signal(), 1e-15);
        assertEquals(steps.get(8).macd() - steps.get(8).signal(), steps.get(8).hist(), 1e-15);
    }

    @Test
    void stateRoundTrips() {
        List<Macd.Step> steps = run(IndicatorConvention.TALIB, 50, i -> Math.sin(i) + 10);
        Macd.State state = steps.get(49).state();
        double[] array = state.toArray();
        assertEquals(Macd.State.LENGTH, array.length);
        assertEquals(50, array[0]);
        assertEquals(state, Macd.State.fromArray(array));
        assertEquals(steps.get(49).macd(), array[4 + Macd.SIGNAL - 1], "newest line value is last in the window");
        assertThrows(IllegalArgumentException.class, () -> Macd.State.fromArray(new double[Macd.State.LENGTH + 1]));
    }
}
