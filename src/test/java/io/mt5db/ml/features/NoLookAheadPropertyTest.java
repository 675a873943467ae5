package io.mt5db.ml.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.SyntheticSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The features of bar t depend on bars at or before t only: over random series (random walks with missing
 * bars, long gaps and missing indicators) and a random t, rewriting, deleting or appending bars after t
 * never changes featuresAt(t), nor the row build() gives for t.
 */
class NoLookAheadPropertyTest {

    private static final int CASES = 600;

    @Test
    void changingOrDeletingAnyLaterBarNeverChangesTheFeaturesOfT() {
        Random random = new Random(20261207L);
        int withFeatures = 0;
        for (int c = 0; c < CASES; c++) {
            long seed = random.nextLong();
            List<MlBar> bars = randomSeries(seed, random);
            FeatureSpec spec = randomSpec(random);
            FeatureBuilder builder = new FeatureBuilder(spec);
            int t = random.nextInt(bars.size() - 1);
            Optional<FeatureRow> before = builder.featuresAt(bars, t);
            List<MlBar> modified = modifyAfter(bars, t, random);
            Optional<FeatureRow> after = builder.featuresAt(modified, t);
            String context = "case " + c + " seed " + seed + " t " + t;
            assertEquals(before.isPresent(), after.isPresent(), context);
            if (before.isPresent()) {
                withFeatures++;
                assertArrayEquals(before.get().values(), after.get().values(), context);
                java.time.Instant ts = bars.get(t).ts();
                assertArrayEquals(before.get().values(), rowAt(builder.build(modified), ts), context);
                assertArrayEquals(before.get().values(), rowAt(builder.build(bars), ts), context);
            }
        }
        assertTrue(withFeatures > CASES / 3, "enough cases exercise a bar with features: " + withFeatures);
    }

    private static List<MlBar> randomSeries(long seed, Random random) {
        List<MlBar> bars = new SyntheticSeries(seed).missing(random.nextDouble() * 0.4)
                .gaps(random.nextDouble() * 0.02, 5 + random.nextInt(60))
                .generate(120 + random.nextInt(300), SyntheticSeries.randomWalk(1e-4 + random.nextDouble() * 1e-3));
        double nullRate = random.nextDouble() * 0.05;
        List<MlBar> out = new ArrayList<>(bars.size());
        for (MlBar bar : bars) {
            out.add(random.nextDouble() < nullRate ? Bars.withRsi(bar, null) : bar);
        }
        return out;
    }

    private static FeatureSpec randomSpec(Random random) {
        Duration bar = Duration.ofMinutes(1);
        return new FeatureSpec(bar, bar.multipliedBy(1 + random.nextInt(8)), 1 + random.nextInt(10), 0.0,
                2 + random.nextInt(30), 1 + random.nextInt(70));
    }

    /** One of: a later bar's prices and volume rewritten, later bars deleted, or extra bars appended. */
    private static List<MlBar> modifyAfter(List<MlBar> bars, int t, Random random) {
        List<MlBar> out = new ArrayList<>(bars);
        switch (random.nextInt(4)) {
            case 0 -> {
                int k = t + 1 + random.nextInt(bars.size() - t - 1);
                MlBar b = bars.get(k);
                double factor = 0.5 + random.nextDouble();
                out.set(k, new MlBar(b.ts(), b.open() * factor, b.high() * factor, b.low() * factor,
                        b.close() * factor, b.volume() == null ? null : b.volume() * 3 + 1, b.spread(),
                        random.nextBoolean() ? null : b.rsi(), b.macd(), b.macdSignal(), b.macdHist(), b.atr(),
                        b.bbUpper(), b.bbMiddle(), b.bbLower()));
            }
            case 1 -> out.remove(t + 1 + random.nextInt(bars.size() - t - 1));
            case 2 -> out.subList(t + 1, out.size()).clear();
            default -> {
                MlBar last = bars.get(bars.size() - 1);
                for (int k = 1; k <= 5; k++) {
                    out.add(new MlBar(last.ts().plus(Duration.ofMinutes(k)), 1, 2, 0.5, random.nextDouble() + 0.5, 1L,
                            0.0, 50.0, 0.0, 0.0, 0.0, 0.1, 2.0, 1.0, 0.5));
                }
            }
        }
        return out;
    }

    private static double[] rowAt(List<FeatureRow> rows, java.time.Instant ts) {
        return rows.stream().filter(r -> r.ts().equals(ts)).findFirst().orElseThrow().values();
    }
}
