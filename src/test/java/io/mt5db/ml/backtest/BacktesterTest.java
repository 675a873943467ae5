package io.mt5db.ml.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktesterTest {

    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    /** Small windows: bars from minute 15 on have features; horizon 5 minutes, maxGap 3. */
    private static final FeatureSpec SPEC = new FeatureSpec(Duration.ofMinutes(1), Duration.ofMinutes(3), 5, 0.0, 3,
            4);
    private static final double PIP = 0.01;
    /** SL and TP 100 ATRs away: every trade runs to its horizon. */
    private static final BacktestSpec FAR_STOPS = new BacktestSpec(0.6, 100, 100, 5, PIP);

    /** Minute m: close 100 + m (a steady rise), open 0.1 below, high 0.3 above, low 0.4 below, ATR 0.5. */
    private static MlBar rising(long minute) {
        double close = 100 + minute;
        return bar(minute, close - 0.1, close + 0.3, close - 0.4, close);
    }

    private static MlBar bar(long minute, double open, double high, double low, double close) {
        return new MlBar(DAY.plus(Duration.ofMinutes(minute)), open, high, low, close, 10L, 0.02, 55.0, 0.1, 0.1, 0.0,
                0.5, close + 1, close, close - 1);
    }

    private static List<MlBar> risingSeries(int count) {
        List<MlBar> bars = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            bars.add(rising(m));
        }
        return bars;
    }

    @Test
    void buysOnARiseEnterAtTheNextOpenAndExitAtTheHorizonClose() {
        List<MlBar> bars = risingSeries(40);
        BacktestResult result = Backtester.run(bars, 20, features -> 0.9, SPEC, FAR_STOPS);

        // signals at 20, 25, 30 trade (one position at a time); from 35 on the horizon runs past minute 39
        assertEquals(3, result.trades());
        BacktestTrade first = result.tradeList().get(0);
        assertEquals(bars.get(20).ts(), first.signalTs());
        assertEquals(bars.get(21).ts(), first.entryTs());
        assertEquals(bars.get(25).ts(), first.exitTs());
        assertEquals("BUY", first.side());
        assertEquals("HORIZON", first.exitReason());
        assertEquals(120.9, first.entryPrice(), 1e-12);
        assertEquals(125.0, first.exitPrice(), 1e-12);
        // (125 - 120.9 - spread 0.02) / 0.01
        assertEquals(408.0, first.pips(), 1e-9);
        assertEquals(3 * 408.0, result.totalPips(), 1e-9);
        assertEquals(1.0, result.hitRate());
        assertEquals(0.0, result.maxDrawdownPips());
        assertEquals(20, result.bars());
        assertEquals(List.of(408.0, 816.0, 1224.0),
                result.equityCurve().stream().map(p -> Math.rint(p.equityPips() * 1e6) / 1e6).toList());
        // every call from 20 to 34 has a label (up) and was a BUY
        assertEquals(1.0, result.accuracy());
        assertEquals(1.0, result.precision());
        assertEquals(0.0, result.sharpe(), "identical trades have no dispersion");
        assertTrue(result.passAccuracy() && result.passPrecision());
        assertFalse(result.passSharpe());
        assertFalse(result.passed());
    }

    @Test
    void sellsOnARiseLoseAndTheirCallsAreWrong() {
        BacktestResult result = Backtester.run(risingSeries(40), 20, features -> 0.1, SPEC, FAR_STOPS);
        assertEquals(3, result.trades());
        BacktestTrade first = result.tradeList().get(0);
        assertEquals("SELL", first.side());
        // (120.9 - 125 - 0.02) / 0.01
        assertEquals(-412.0, first.pips(), 1e-9);
        assertEquals(0.0, result.hitRate());
        assertEquals(0.0, result.accuracy());
        assertEquals(0.0, result.precision(), "no BUY call at all");
        assertEquals(3 * 412.0, result.maxDrawdownPips(), 1e-9);
    }

    @Test
    void aProbabilityInsideTheBandGivesNoSignal() {
        BacktestResult result = Backtester.run(risingSeries(40), 20, features -> 0.55, SPEC, FAR_STOPS);
        assertEquals(0, result.trades());
        assertEquals(0.0, result.totalPips());
        assertEquals(0.0, result.accuracy());
    }

    @Test
    void barsBeforeFromIndexAreNeverTraded() {
        List<MlBar> bars = risingSeries(40);
        BacktestResult result = Backtester.run(bars, 30, features -> 0.9, SPEC, FAR_STOPS);
        assertEquals(1, result.trades());
        assertEquals(bars.get(30).ts(), result.tradeList().get(0).signalTs());
    }

    @Test
    void aBarReachingBothStopAndTargetIsTakenAsAStop() {
        List<MlBar> bars = risingSeries(40);
        // entry bar 21 opens at 120.9; SL 1 ATR = 120.4, TP 1 ATR = 121.4; the bar spans 119 .. 123
        bars.set(21, bar(21, 120.9, 123.0, 119.0, 121.0));
        BacktestResult result = Backtester.run(bars, 20, features -> 0.9, SPEC, new BacktestSpec(0.6, 1, 1, 5, PIP));
        BacktestTrade first = result.tradeList().get(0);
        assertEquals("SL", first.exitReason());
        assertEquals(120.4, first.exitPrice(), 1e-12);
        assertEquals(bars.get(21).ts(), first.exitTs());
        assertEquals((120.4 - 120.9 - 0.02) / PIP, first.pips(), 1e-9);
    }

    @Test
    void aTargetReachedBeforeAnyStopIsTaken() {
        List<MlBar> bars = risingSeries(40);
        // entry 120.9, TP 2 ATR = 121.9: bar 22 (high 122.3) reaches it, its low 121.6 stays above SL 119.9
        BacktestResult result = Backtester.run(bars, 20, features -> 0.9, SPEC, new BacktestSpec(0.6, 2, 2, 5, PIP));
        BacktestTrade first = result.tradeList().get(0);
        assertEquals("TP", first.exitReason());
        assertEquals(121.9, first.exitPrice(), 1e-12);
        assertEquals(bars.get(22).ts(), first.exitTs());
    }

    @Test
    void aBarOpeningBeyondTheStopFillsAtItsOpen() {
        List<MlBar> bars = risingSeries(40);
        // entry 120.9, SL 1 ATR = 120.4; bar 23 gaps down and opens at 118
        bars.set(23, bar(23, 118.0, 118.5, 117.5, 118.2));
        BacktestResult result = Backtester.run(bars, 20, features -> 0.9, SPEC, new BacktestSpec(0.6, 1, 100, 5, PIP));
        BacktestTrade first = result.tradeList().get(0);
        assertEquals("SL", first.exitReason());
        assertEquals(118.0, first.exitPrice(), 1e-12);
    }

    @Test
    void noEntryAcrossAGapLongerThanMaxGap() {
        List<MlBar> bars = risingSeries(40);
        List<MlBar> withBreak = new ArrayList<>(bars.subList(0, 21));
        for (MlBar b : bars.subList(21, 40)) {
            withBreak.add(rising(b.ts().getEpochSecond() / 60 - DAY.getEpochSecond() / 60 + 10));
        }
        // bar 20 is the last before a 10-minute break: its signal cannot be entered
        BacktestResult result = Backtester.run(withBreak, 20, features -> 0.9, SPEC, FAR_STOPS);
        assertTrue(result.tradeList().stream().noneMatch(t -> t.signalTs().equals(bars.get(20).ts())));
    }

    @Test
    void sharpeAnnualisesPerTradeReturnsByTradesPerYear() {
        Instant from = DAY;
        Instant to = DAY.plus(Duration.ofDays(365)).plus(Duration.ofHours(6));
        List<BacktestTrade> trades = List.of(trade(10), trade(-2), trade(4), trade(8));
        // mean 5, sample std sqrt(((5)^2 + (-7)^2 + (-1)^2 + 3^2) / 3) = sqrt(28), 4 trades in 365.25 days
        assertEquals(5 / Math.sqrt(28) * Math.sqrt(4), Backtester.sharpe(trades, from, to), 1e-9);
    }

    @Test
    void maxDrawdownIsTheDeepestFallFromAPeak() {
        List<EquityPoint> equity = List.of(point(10), point(5), point(20), point(2), point(15));
        assertEquals(18.0, Backtester.maxDrawdown(equity));
        assertEquals(7.0, Backtester.maxDrawdown(List.of(point(-7), point(-3))), "the start at 0 is a peak");
    }

    private static BacktestTrade trade(double pips) {
        return new BacktestTrade(DAY, DAY, DAY, "BUY", 1, 1, pips, "HORIZON");
    }

    private static EquityPoint point(double equity) {
        return new EquityPoint(DAY, equity);
    }
}
