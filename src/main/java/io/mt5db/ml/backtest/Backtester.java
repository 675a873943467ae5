package io.mt5db.ml.backtest;

import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.training.ForestModel;
import java.util.List;

/** Walk-forward backtest of a model over bars it never trained on. Pure: no framework, no JDBC. */
public final class Backtester {

    private Backtester() {
    }

    /**
     * {@code bars} ascending; may start before {@code fromIndex} so that the first tested bar has full
     * feature windows (bars before fromIndex are history only, never traded).
     */
    public static BacktestResult run(List<MlBar> bars, int fromIndex, ForestModel model, FeatureSpec featureSpec,
            BacktestSpec spec) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }
}
