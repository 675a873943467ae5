package io.mt5db.ml;

import io.mt5db.common.Timeframe;
import io.mt5db.ml.data.BarReader;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelManifest;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.BaselineRule;
import io.mt5db.ml.training.ForestParams;
import io.mt5db.ml.training.SplitSpec;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.ml.training.TrainingPipeline;
import io.mt5db.ml.training.TrainingProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** Small, fast models for the ML tests, trained on a stored series. */
final class MlModels {

    static final FeatureSpec SPEC = FeatureSpec.defaults(Duration.ofMinutes(1));

    private MlModels() {
    }

    static ForestParams small(long seed) {
        return new ForestParams(5, 4, 0.7, seed, 1.0, 32, 1);
    }

    static List<MlBar> bars(DataSource ds, String symbol) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return BarReader.range(c, symbol, Timeframe.M1, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), 10_000,
                    1_000_000, null);
        }
    }

    static TrainedModel train(DataSource ds, String symbol, long seed) throws SQLException {
        return TrainingPipeline.train(bars(ds, symbol), SPEC, small(seed), SplitSpec.defaults(SPEC.horizonBars()),
                BaselineRule.defaults(), TrainingProgress.NONE);
    }

    /** Saves a trained model for {@code symbol} (null: global) M1. */
    static ModelInfo save(ModelRegistry registry, TrainedModel trained, String symbol, String timeframe)
            throws SQLException {
        return registry.save(trained, new ModelManifest.Origin(symbol, timeframe, null, null, 0, null), symbol,
                timeframe, null);
    }

    /** Sets a stored model's threshold (0.5: every prediction is a BUY or a SELL). */
    static void setThreshold(DataSource ds, long modelId, double threshold) throws SQLException {
        MlData.exec(ds, "UPDATE ml_models SET manifest = jsonb_set(manifest, '{threshold}', to_jsonb(?::float8)) WHERE id = ?",
                threshold, modelId);
    }
}
