package io.mt5db.ml.backtest;

import io.mt5db.ml.features.FeatureBuilder;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.Label;
import io.mt5db.ml.features.Labeler;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.training.ForestModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.ToDoubleFunction;

/**
 * Walk-forward backtest of a model over bars it never trained on. Pure: no framework, no JDBC.
 *
 * <p>Every tested bar with features is scored; BUY when prob_up >= threshold, SELL when <= 1 - threshold.
 * A signal on bar t enters at the open of bar t+1 (skipped when t+1 lies more than maxGap later: the
 * market was closed), with SL and TP at the signal bar's ATR times the multiples. From the entry bar on,
 * each bar's low and high are checked against them; when a bar reaches both, SL is assumed to come first
 * (the conservative reading of a candle), and a bar opening beyond SL fills at its open. Otherwise the
 * trade closes at the close of the horizon bar, the last bar at or before ts(t) + horizonBars bar lengths,
 * the bar the label of t is measured at (or earlier, at the last bar before a gap longer than maxGap). A
 * signal whose horizon runs past the end of the bars is not traded. One position at a time: signals while a
 * position is open are not traded (but still count in accuracy and precision).
 *
 * <p>Costs: the signal bar's mean spread is paid once per trade (prices are mid prices, so this is half a
 * spread on entry and half on exit); a bar without a spread costs nothing. P&L in pips = direction x
 * (exit - entry) / pipSize - spread / pipSize.
 *
 * <p>Accuracy is the share of directional calls (every BUY or SELL signal of a bar that has a label) whose
 * direction matches the label; precision the share of BUY calls labelled up. Sharpe is mean / sample std
 * of the per-trade pips x sqrt(trades per year), the year counted over the tested window's span; 0 with
 * fewer than two trades or when every trade made the same.
 */
public final class Backtester {

    static final double RUNBOOK_ACCURACY = 0.55;
    static final double RUNBOOK_PRECISION = 0.60;
    static final double RUNBOOK_SHARPE = 1.0;
    private static final double SECONDS_PER_YEAR = 365.25 * 86_400;

    private Backtester() {
    }

    /**
     * {@code bars} ascending; may start before {@code fromIndex} so that the first tested bar has full
     * feature windows (bars before fromIndex are history only, never traded).
     */
    public static BacktestResult run(List<MlBar> bars, int fromIndex, ForestModel model, FeatureSpec featureSpec,
            BacktestSpec spec) {
        Objects.requireNonNull(model, "model");
        return run(bars, fromIndex, model::probUp, featureSpec, spec);
    }

    /** The same walk with any scorer of feature vectors (probability of up), for tests and external models. */
    public static BacktestResult run(List<MlBar> bars, int fromIndex, ToDoubleFunction<double[]> probUp,
            FeatureSpec featureSpec, BacktestSpec spec) {
        List<MlBar> series = bars instanceof RandomAccess ? bars : new ArrayList<>(bars);
        if (fromIndex < 0 || fromIndex > series.size()) {
            throw new IllegalArgumentException("fromIndex " + fromIndex + " outside 0.." + series.size());
        }
        if (!(spec.threshold() >= 0.5 && spec.threshold() <= 1) || !(spec.pipSize() > 0) || spec.horizonBars() < 1) {
            throw new IllegalArgumentException("threshold must be in [0.5, 1], pipSize > 0, horizonBars >= 1: " + spec);
        }
        FeatureBuilder features = new FeatureBuilder(featureSpec);
        Labeler labeler = new Labeler(featureSpec);
        Duration horizon = featureSpec.barLength().multipliedBy(spec.horizonBars());
        Duration maxGap = featureSpec.maxGap();

        List<BacktestTrade> trades = new ArrayList<>();
        List<EquityPoint> equity = new ArrayList<>();
        double cumulative = 0;
        int calls = 0;
        int correctCalls = 0;
        int buyCalls = 0;
        int correctBuys = 0;
        int busyUntil = -1;
        for (int t = fromIndex; t < series.size(); t++) {
            Optional<double[]> row = features.featuresAt(series, t).map(r -> r.values());
            if (row.isEmpty()) {
                continue;
            }
            double prob = probUp.applyAsDouble(row.get());
            int direction = prob >= spec.threshold() ? 1 : prob <= 1 - spec.threshold() ? -1 : 0;
            if (direction == 0) {
                continue;
            }
            Optional<Label> label = labeler.labelAt(series, t);
            if (label.isPresent()) {
                calls++;
                boolean up = label.get().label() == 1;
                if ((direction == 1) == up) {
                    correctCalls++;
                }
                if (direction == 1) {
                    buyCalls++;
                    if (up) {
                        correctBuys++;
                    }
                }
            }
            if (t < busyUntil) {
                continue;
            }
            Optional<Trade> trade = simulate(series, t, direction, spec, horizon, maxGap);
            if (trade.isPresent()) {
                BacktestTrade done = trade.get().trade;
                trades.add(done);
                cumulative += done.pips();
                equity.add(new EquityPoint(done.exitTs(), cumulative));
                busyUntil = trade.get().exitIndex;
            }
        }

        int tested = series.size() - fromIndex;
        double accuracy = ratio(correctCalls, calls);
        double precision = ratio(correctBuys, buyCalls);
        double sharpe = sharpe(trades, tested == 0 ? null : series.get(fromIndex).ts(),
                tested == 0 ? null : series.get(series.size() - 1).ts());
        long winners = trades.stream().filter(tr -> tr.pips() > 0).count();
        boolean passAccuracy = accuracy > RUNBOOK_ACCURACY;
        boolean passPrecision = precision > RUNBOOK_PRECISION;
        boolean passSharpe = sharpe > RUNBOOK_SHARPE;
        return new BacktestResult(tested, trades.size(), ratio(winners, trades.size()), cumulative, sharpe,
                maxDrawdown(equity), accuracy, precision, passAccuracy, passPrecision, passSharpe,
                passAccuracy && passPrecision && passSharpe, List.copyOf(equity), List.copyOf(trades));
    }

    private record Trade(BacktestTrade trade, int exitIndex) {
    }

    private static Optional<Trade> simulate(List<MlBar> bars, int signal, int direction, BacktestSpec spec,
            Duration horizon, Duration maxGap) {
        int entry = signal + 1;
        if (entry >= bars.size() || gapBetween(bars, signal, entry).compareTo(maxGap) > 0) {
            return Optional.empty();
        }
        MlBar signalBar = bars.get(signal);
        Instant horizonTs = signalBar.ts().plus(horizon);
        int horizonBar = entry;
        while (horizonBar + 1 < bars.size() && !bars.get(horizonBar + 1).ts().isAfter(horizonTs)
                && gapBetween(bars, horizonBar, horizonBar + 1).compareTo(maxGap) <= 0) {
            horizonBar++;
        }
        boolean cutByGap = horizonBar + 1 < bars.size() && !bars.get(horizonBar + 1).ts().isAfter(horizonTs);
        boolean seriesEndsFirst = horizonBar + 1 == bars.size() && bars.get(horizonBar).ts().isBefore(horizonTs);
        if (seriesEndsFirst && !cutByGap) {
            return Optional.empty();
        }
        double entryPrice = bars.get(entry).open();
        double atr = signalBar.atr() == null ? 0 : signalBar.atr();
        double stop = entryPrice - direction * spec.slAtrMultiple() * atr;
        double target = entryPrice + direction * spec.tpAtrMultiple() * atr;
        boolean useStops = atr > 0;
        double exitPrice = bars.get(horizonBar).close();
        String reason = "HORIZON";
        int exit = horizonBar;
        for (int k = entry; k <= horizonBar && useStops; k++) {
            MlBar bar = bars.get(k);
            double adverse = direction == 1 ? bar.low() : bar.high();
            double favourable = direction == 1 ? bar.high() : bar.low();
            if (direction * (adverse - stop) <= 0) {
                boolean openedBeyond = k > entry && direction * (bar.open() - stop) < 0;
                exitPrice = openedBeyond ? bar.open() : stop;
                reason = "SL";
                exit = k;
                break;
            }
            if (direction * (favourable - target) >= 0) {
                exitPrice = target;
                reason = "TP";
                exit = k;
                break;
            }
        }
        double spread = signalBar.spread() == null ? 0 : signalBar.spread();
        double pips = (direction * (exitPrice - entryPrice) - spread) / spec.pipSize();
        return Optional.of(new Trade(new BacktestTrade(signalBar.ts(), bars.get(entry).ts(), bars.get(exit).ts(),
                direction == 1 ? "BUY" : "SELL", entryPrice, exitPrice, pips, reason), exit));
    }

    private static Duration gapBetween(List<MlBar> bars, int from, int to) {
        return Duration.between(bars.get(from).ts(), bars.get(to).ts());
    }

    static double sharpe(List<BacktestTrade> trades, Instant from, Instant to) {
        int n = trades.size();
        if (n < 2 || from == null || !to.isAfter(from)) {
            return 0;
        }
        double mean = trades.stream().mapToDouble(BacktestTrade::pips).average().orElse(0);
        double squares = trades.stream().mapToDouble(tr -> (tr.pips() - mean) * (tr.pips() - mean)).sum();
        double std = Math.sqrt(squares / (n - 1));
        if (std == 0) {
            return 0;
        }
        double years = Duration.between(from, to).toMillis() / 1000.0 / SECONDS_PER_YEAR;
        return mean / std * Math.sqrt(n / years);
    }

    static double maxDrawdown(List<EquityPoint> equity) {
        double peak = 0;
        double worst = 0;
        for (EquityPoint point : equity) {
            peak = Math.max(peak, point.equityPips());
            worst = Math.max(worst, peak - point.equityPips());
        }
        return worst;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
