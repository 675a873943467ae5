package io.mt5db.ml;

import io.mt5db.indicators.math.Bar;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.indicators.math.IndicatorValues;
import io.mt5db.ml.features.MlBar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic M1-like series for the ML tests and the training bench: a price path with optional missing
 * minutes and longer gaps, OHLC around it, and the project's own indicators (TA-Lib convention), so that
 * features see real RSI, MACD, ATR and Bollinger values with their warm-up nulls.
 */
public final class SyntheticSeries {

    /** Next one-bar log return given the returns so far (most recent last). */
    @FunctionalInterface
    public interface ReturnProcess {
        double next(double[] pastReturns, int count, Random random);
    }

    /** A pure random walk: no pattern at all. */
    public static ReturnProcess randomWalk(double volatility) {
        return (past, count, random) -> volatility * random.nextGaussian();
    }

    /**
     * Mean reversion over the last 5 bars: the next return leans against the 5-bar move, so the sign of
     * ret_5 (and RSI with it) predicts the forward return. {@code strength} 0 is a random walk.
     */
    public static ReturnProcess meanReverting(double volatility, double strength) {
        return (past, count, random) -> {
            double recent = 0;
            for (int k = Math.max(0, count - 5); k < count; k++) {
                recent += past[k];
            }
            return -strength * recent + volatility * random.nextGaussian();
        };
    }

    private final Random random;
    private Instant start = Instant.parse("2026-01-05T00:00:00Z");
    private Duration barLength = Duration.ofMinutes(1);
    private double missingProbability;
    private double gapProbability;
    private int gapBars = 30;
    private double startPrice = 1.1;

    public SyntheticSeries(long seed) {
        this.random = new Random(seed);
    }

    public SyntheticSeries start(Instant value) {
        start = value;
        return this;
    }

    public SyntheticSeries barLength(Duration value) {
        barLength = value;
        return this;
    }

    /** Probability that a bar is simply absent (a quiet minute). */
    public SyntheticSeries missing(double probability) {
        missingProbability = probability;
        return this;
    }

    /** Probability, per bar, of a longer break of {@code bars} bar lengths before it. */
    public SyntheticSeries gaps(double probability, int bars) {
        gapProbability = probability;
        gapBars = bars;
        return this;
    }

    public List<MlBar> generate(int count, ReturnProcess process) {
        double[] returns = new double[count];
        List<Instant> times = new ArrayList<>(count);
        List<Bar> ohlc = new ArrayList<>(count);
        double[] opens = new double[count];
        long[] volumes = new long[count];
        double[] spreads = new double[count];
        long slot = 0;
        double close = startPrice;
        for (int i = 0; i < count; i++) {
            slot++;
            while (random.nextDouble() < missingProbability) {
                slot++;
            }
            if (random.nextDouble() < gapProbability) {
                slot += gapBars;
            }
            double r = process.next(returns, i, random);
            returns[i] = r;
            double open = close;
            close = open * Math.exp(r);
            double wick = Math.abs(r) * 0.5 + open * 1e-5 * random.nextDouble();
            double high = Math.max(open, close) + wick * random.nextDouble();
            double low = Math.min(open, close) - wick * random.nextDouble();
            times.add(start.plus(barLength.multipliedBy(slot)));
            opens[i] = open;
            ohlc.add(new Bar(high, low, close));
            volumes[i] = 20 + random.nextInt(200);
            spreads[i] = open * (5e-6 + 1e-5 * random.nextDouble());
        }
        List<IndicatorValues> indicators = new IndicatorCalculator().computeAll(ohlc);
        List<MlBar> bars = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Bar bar = ohlc.get(i);
            IndicatorValues v = indicators.get(i);
            bars.add(new MlBar(times.get(i), opens[i], bar.high(), bar.low(), bar.close(), volumes[i], spreads[i],
                    v.rsi(), v.macd(), v.macdSignal(), v.macdHist(), v.atr(), v.bbUpper(), v.bbMiddle(),
                    v.bbLower()));
        }
        return bars;
    }
}
