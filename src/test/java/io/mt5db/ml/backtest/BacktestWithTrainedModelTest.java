package io.mt5db.ml.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.SyntheticSeries;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.training.BaselineRule;
import io.mt5db.ml.training.ForestModel;
import io.mt5db.ml.training.ForestParams;
import io.mt5db.ml.training.SplitSpec;
import io.mt5db.ml.training.TrainingPipeline;
import io.mt5db.ml.training.TrainingProgress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestWithTrainedModelTest {

    private static final FeatureSpec SPEC = FeatureSpec.defaults(Duration.ofMinutes(1));

    @Test
    void aModelTrainedOnEarlierBarsTradesTheLaterOnesConsistently() {
        List<MlBar> bars = new SyntheticSeries(31).missing(0.05).generate(9_000,
                SyntheticSeries.meanReverting(2e-4, 0.15));
        int split = 6_000;
        ForestModel model = TrainingPipeline.train(bars.subList(0, split), SPEC,
                new ForestParams(15, 6, 0.5, 1L, 1.0, 64, 2), SplitSpec.defaults(5), BaselineRule.defaults(),
                TrainingProgress.NONE).model();
        BacktestSpec spec = new BacktestSpec(0.55, 2, 2, 5, 0.0001);

        BacktestResult result = Backtester.run(bars, split, model, SPEC, spec);
        BacktestResult viaScorer = Backtester.run(bars, split, model::probUp, SPEC, spec);

        assertEquals(viaScorer, result);
        assertTrue(result.trades() > 50, "trades " + result.trades());
        assertEquals(3_000, result.bars());
        double sum = result.tradeList().stream().mapToDouble(BacktestTrade::pips).sum();
        assertEquals(sum, result.totalPips(), 1e-6);
        assertEquals(result.totalPips(), result.equityCurve().get(result.equityCurve().size() - 1).equityPips(), 1e-9);
        for (BacktestTrade trade : result.tradeList()) {
            assertTrue(!trade.signalTs().isBefore(bars.get(split).ts()), "never trades the history before fromIndex");
            assertTrue(trade.entryTs().isAfter(trade.signalTs()) && !trade.exitTs().isBefore(trade.entryTs()));
        }
        for (int k = 1; k < result.tradeList().size(); k++) {
            assertTrue(!result.tradeList().get(k).entryTs().isBefore(result.tradeList().get(k - 1).exitTs()),
                    "one position at a time");
        }
        // the planted reversion is there to be found: the directional calls are right more often than not
        assertTrue(result.accuracy() > 0.55, "accuracy " + result.accuracy());
    }
}
