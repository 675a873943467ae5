package io.mt5db.ml.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureBuilderTest {

    /** Small windows so that a hand-made series of a few dozen bars has features: MA over 4 bars, volume over 3. */
    private static final FeatureSpec SMALL = new FeatureSpec(Duration.ofMinutes(1), Duration.ofMinutes(3), 5, 0.0, 3,
            4);
    private static final FeatureBuilder BUILDER = new FeatureBuilder(SMALL);

    private static int column(String name) {
        return FeatureNames.ALL.indexOf(name);
    }

    @Test
    void namesAreTheSpecColumnsInVectorOrder() {
        assertEquals(15, FeatureNames.ALL.size());
        assertEquals(0, FeatureNames.RET_1);
        assertEquals(FeatureNames.ALL.size(), BUILDER.featuresAt(Bars.consecutive(20), 19).orElseThrow().values().length);
    }

    @Test
    void everyFeatureOfAHandCheckableBar() {
        List<MlBar> bars = Bars.consecutive(20);
        MlBar last = bars.get(19);
        double[] v = BUILDER.featuresAt(bars, 19).orElseThrow().values();

        assertEquals(Math.log(119.0 / 118.0), v[column("ret_1")], 1e-15);
        assertEquals(Math.log(119.0 / 114.0), v[column("ret_5")], 1e-15);
        assertEquals(Math.log(119.0 / 104.0), v[column("ret_15")], 1e-15);
        assertEquals(0.60, v[column("rsi")], 1e-15);
        assertEquals(0.2 / 119.0, v[column("macd_rel")], 1e-15);
        assertEquals(0.15 / 119.0, v[column("macd_signal_rel")], 1e-15);
        assertEquals(0.05 / 119.0, v[column("macd_hist_rel")], 1e-15);
        assertEquals(0.5 / 119.0, v[column("atr_rel")], 1e-15);
        assertEquals((119.0 - 98.0) / (103.0 - 98.0), v[column("bb_pct_b")], 1e-12);
        assertEquals((103.0 - 98.0) / 100.0, v[column("bb_width")], 1e-15);
        assertEquals(0.02 / 119.0, v[column("spread_rel")], 1e-15);
        // volumes 27, 28, 29: mean 28, population std sqrt(2/3)
        assertEquals((29.0 - 28.0) / Math.sqrt(2.0 / 3.0), v[column("volume_z")], 1e-12);
        // closes 116..119: mean 117.5
        assertEquals(119.0 / 117.5 - 1.0, v[column("ma_rel")], 1e-15);
        // minute 19 of the day
        double angle = 2 * Math.PI * 19 * 60 / 86_400.0;
        assertEquals(Math.sin(angle), v[column("tod_sin")], 1e-15);
        assertEquals(Math.cos(angle), v[column("tod_cos")], 1e-15);
        assertEquals(last.ts(), BUILDER.featuresAt(bars, 19).orElseThrow().ts());
    }

    @Test
    void timeOfDayPutsSixInTheMorningAtTheTopOfTheCircle() {
        List<MlBar> bars = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bars.add(Bars.bar(6 * 60 - 19 + i, 100 + i, 10));
        }
        double[] v = BUILDER.featuresAt(bars, 19).orElseThrow().values();
        assertEquals(1.0, v[column("tod_sin")], 1e-12);
        assertEquals(0.0, v[column("tod_cos")], 1e-12);
    }

    @Test
    void aMissingBarMakesTheReturnUseTheLastBarBeforeItsTime() {
        // minute 14 (5 before 19) is absent: ret_5 compares with minute 13
        List<MlBar> bars = Bars.atMinutes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19);
        double[] v = BUILDER.featuresAt(bars, bars.size() - 1).orElseThrow().values();
        assertEquals(Math.log(119.0 / 113.0), v[column("ret_5")], 1e-15);
        // the MA window of 4 bar lengths (minutes 16..19) is unaffected; the volume window holds 17..19
        assertEquals(119.0 / ((116.0 + 117 + 118 + 119) / 4) - 1.0, v[column("ma_rel")], 1e-15);
    }

    @Test
    void windowsCountTimeNotRows() {
        // minutes 17 and 18 missing: the 4-minute MA window holds only 16 and 19, the volume window only 19
        List<MlBar> bars = Bars.atMinutes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19);
        double[] v = BUILDER.featuresAt(bars, bars.size() - 1).orElseThrow().values();
        assertEquals(119.0 / ((116.0 + 119.0) / 2) - 1.0, v[column("ma_rel")], 1e-15);
        assertEquals(0.0, v[column("volume_z")], 0.0, "one volume in the window: std 0, z defined as 0");
        assertEquals(Math.log(119.0 / 116.0), v[column("ret_1")], 1e-15, "ret_1 falls back to minute 16");
    }

    @Test
    void aGapOfExactlyMaxGapIsAllowedOneMinuteMoreIsNot() {
        // maxGap 3 minutes: 10 -> 13 is allowed
        List<MlBar> allowed = Bars.atMinutes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18, 19);
        assertTrue(BUILDER.featuresAt(allowed, allowed.size() - 1).isPresent());
        List<MlBar> tooLong = Bars.atMinutes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 19);
        assertTrue(BUILDER.featuresAt(tooLong, tooLong.size() - 1).isEmpty());
    }

    @Test
    void aGapBeforeTheLookbackDoesNotMatter() {
        // lookback is 15 minutes: for minute 119 it starts at 104; the break 50 -> 100 lies before it
        long[] minutes = new long[70];
        for (int i = 0; i < 50; i++) {
            minutes[i] = i;
        }
        for (int i = 50; i < 70; i++) {
            minutes[i] = 50 + i;
        }
        List<MlBar> bars = Bars.atMinutes(minutes);
        assertTrue(BUILDER.featuresAt(bars, 69).isPresent(), "minute 119: window 104..119 is whole");
        assertTrue(BUILDER.featuresAt(bars, 64).isEmpty(), "minute 114: window reaches 99, across the break");
    }

    @Test
    void aSeriesThatDoesNotReachBackFarEnoughHasNoFeatures() {
        List<MlBar> bars = Bars.consecutive(20);
        assertTrue(BUILDER.featuresAt(bars, 14).isEmpty(), "minute 14 has no bar 15 minutes earlier");
        assertTrue(BUILDER.featuresAt(bars, 15).isPresent(), "minute 15 compares with minute 0");
    }

    @Test
    void aNullIndicatorExcludesTheBar() {
        List<MlBar> bars = Bars.consecutive(20);
        bars.set(19, Bars.withRsi(bars.get(19), null));
        assertTrue(BUILDER.featuresAt(bars, 19).isEmpty());
        assertTrue(BUILDER.featuresAt(bars, 18).isPresent(), "only the bar's own indicators count");
    }

    @Test
    void aFlatBollingerBandIsNotFiniteAndExcludesTheBar() {
        List<MlBar> bars = Bars.consecutive(20);
        bars.set(19, Bars.withBands(bars.get(19), 100.0, 100.0, 100.0));
        assertTrue(BUILDER.featuresAt(bars, 19).isEmpty());
    }

    @Test
    void buildGivesExactlyTheRowsOfFeaturesAt() {
        List<MlBar> bars = new io.mt5db.ml.SyntheticSeries(7).missing(0.2).gaps(0.01, 10)
                .generate(3_000, io.mt5db.ml.SyntheticSeries.randomWalk(1e-4));
        FeatureBuilder builder = new FeatureBuilder(FeatureSpec.defaults(Duration.ofMinutes(1)));
        List<FeatureRow> built = builder.build(bars);
        int next = 0;
        for (int i = 0; i < bars.size(); i++) {
            Optional<FeatureRow> row = builder.featuresAt(bars, i);
            if (row.isPresent()) {
                assertEquals(row.get().ts(), built.get(next).ts());
                assertArrayEquals(row.get().values(), built.get(next).values());
                next++;
            }
        }
        assertEquals(built.size(), next);
        assertTrue(built.size() > 1_000, "most bars of a series with short gaps have features: " + built.size());
    }
}
