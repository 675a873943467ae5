package io.mt5db.ml.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelerTest {

    /** horizon 5 minutes, maxGap 3 minutes, dead band 0.001. */
    private static final FeatureSpec SPEC = new FeatureSpec(Duration.ofMinutes(1), Duration.ofMinutes(3), 5, 0.001, 3,
            4);
    private static final Labeler LABELER = new Labeler(SPEC);

    @Test
    void aRisingCloseOverTheHorizonIsOneAndAFallingOneIsZero() {
        List<MlBar> bars = Bars.consecutive(12);
        Label up = LABELER.labelAt(bars, 2).orElseThrow();
        assertEquals(1, up.label());
        assertEquals(Math.log(107.0 / 102.0), up.forwardReturn(), 1e-15);
        assertEquals(bars.get(2).ts(), up.ts());

        bars.set(7, Bars.withClose(bars.get(7), 90.0));
        Label down = LABELER.labelAt(bars, 2).orElseThrow();
        assertEquals(0, down.label());
        assertEquals(Math.log(90.0 / 102.0), down.forwardReturn(), 1e-15);
    }

    @Test
    void aReturnInsideTheDeadBandHasNoLabel() {
        List<MlBar> bars = Bars.consecutive(12);
        // ln(1.001) is just above the band of 0.001: labelled; ln(1.0009) is inside: excluded
        bars.set(7, Bars.withClose(bars.get(7), 102.0 * 1.00101));
        assertEquals(1, LABELER.labelAt(bars, 2).orElseThrow().label());
        bars.set(7, Bars.withClose(bars.get(7), 102.0 * 1.0009));
        assertTrue(LABELER.labelAt(bars, 2).isEmpty());
        bars.set(7, Bars.withClose(bars.get(7), 102.0 / 1.0009));
        assertTrue(LABELER.labelAt(bars, 2).isEmpty(), "the band is symmetric");
    }

    @Test
    void theLastBarsOfTheSeriesHaveNoLabelNeverZero() {
        List<MlBar> bars = Bars.consecutive(12);
        for (int i = 0; i <= 6; i++) {
            assertTrue(LABELER.labelAt(bars, i).isPresent(), "bar " + i + " has a bar 5 minutes later");
        }
        for (int i = 7; i < 12; i++) {
            assertTrue(LABELER.labelAt(bars, i).isEmpty(), "bar " + i + " has no future");
        }
    }

    @Test
    void aSeriesEndingShortOfTheHorizonGivesNoLabelYetEvenWithinTheGapTolerance() {
        // bar 2's horizon is minute 7; the series ends at minute 6, and minute 7 may still arrive
        List<MlBar> bars = Bars.atMinutes(0, 1, 2, 3, 4, 5, 6);
        assertTrue(LABELER.labelAt(bars, 2).isEmpty());
        // once minute 8 exists, minute 7 is known to be missing and minute 6 stands in for it
        List<MlBar> longer = Bars.atMinutes(0, 1, 2, 3, 4, 5, 6, 8);
        assertEquals(Math.log(106.0 / 102.0), LABELER.labelAt(longer, 2).orElseThrow().forwardReturn(), 1e-15);
    }

    @Test
    void aMissingHorizonBarFallsBackOnlyWithinTheGapTolerance() {
        // horizon of minute 2 is 7; bars 4..7 missing: minute 3 is 4 minutes early, more than maxGap
        List<MlBar> bars = Bars.atMinutes(0, 1, 2, 3, 8, 9);
        assertTrue(LABELER.labelAt(bars, 2).isEmpty());
        // bars 5..7 missing: minute 4 is exactly maxGap early and stands in
        List<MlBar> tolerated = Bars.atMinutes(0, 1, 2, 3, 4, 8, 9);
        assertEquals(Math.log(104.0 / 102.0), LABELER.labelAt(tolerated, 2).orElseThrow().forwardReturn(), 1e-15);
    }

    @Test
    void aGapLongerThanMaxGapBeforeTheHorizonMeansNoLabel() {
        // 3 -> 7 is a gap of 4 minutes although the bar at the horizon exists
        List<MlBar> bars = Bars.atMinutes(0, 1, 2, 3, 7, 8, 9);
        assertTrue(LABELER.labelAt(bars, 2).isEmpty());
    }
}
