package io.mt5db.ml.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.TextRules;
import io.mt5db.common.Timeframe;
import io.mt5db.ml.MlConfig;
import io.mt5db.ml.data.BarReader;
import io.mt5db.ml.features.FeatureBuilder;
import io.mt5db.ml.features.FeatureNames;
import io.mt5db.ml.features.FeatureRow;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.inference.FeatureVectors;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelManifest;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.ForestModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Predictions on demand: for the newest closed bar of a series with complete features (the same
 * features and model the inference job uses), or for a feature object sent by the client.
 */
@ApplicationScoped
public class PredictionService {

    /** How many of the newest closed bars are searched for one with complete features. */
    static final int LOOKBACK_BARS = 100;

    @Inject
    DataSource dataSource;

    @Inject
    ModelRegistry registry;

    @Inject
    MlConfig config;

    /** One prediction. {@code ts}, {@code symbol} are null for a raw feature object without them. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Prediction(String symbol, String timeframe, Instant ts, double probUp, int label, String side,
            String modelVersion, long modelId, double threshold, Map<String, Double> features) {
    }

    /** The prediction for the newest closed bar of the series that has complete features. */
    public Prediction latest(String symbol, Timeframe tf) throws SQLException {
        ModelInfo model = registry.active(symbol, tf.name()).orElseThrow(() -> ApiException.notFound(
                "No active model for " + symbol + " " + tf + " (nor a global " + tf + " model): train one with POST "
                        + "/ml/train and activate it"));
        ForestModel forest = registry.load(model);
        FeatureSpec spec = ModelManifest.featureSpec(model.manifest());
        int history = 2 * Math.max(20, Math.max(spec.maWindow(), spec.volumeWindow())) + 10;
        Instant cutoff = Instant.now().minus(config.closeGrace()).minusSeconds(tf.nominalSeconds());
        FeatureBuilder builder = new FeatureBuilder(spec);
        BarReader.StoredBars bars;
        try (Connection c = dataSource.getConnection()) {
            // Mostly the newest closed bar has complete features: its own history first (half the rows
            // of the full lookback), the newest LOOKBACK_BARS with theirs only when it has not.
            bars = BarReader.newest(c, symbol, tf, Instant.EPOCH, cutoff, history + 1);
            if (bars.size() == 0) {
                throw ApiException.notFound("No closed " + tf + " bar of " + symbol + " is stored");
            }
            if (builder.featuresAt(bars.bars(), bars.size() - 1).isEmpty() && bars.size() == history + 1) {
                bars = BarReader.newest(c, symbol, tf, Instant.EPOCH, cutoff, history + LOOKBACK_BARS);
            }
        }
        int stop = Math.max(0, bars.size() - LOOKBACK_BARS);
        for (int i = bars.size() - 1; i >= stop; i--) {
            Optional<FeatureRow> row = builder.featuresAt(bars.bars(), i);
            if (row.isPresent()) {
                double[] input = FeatureVectors.forModel(forest.featureNames(), row.get().values());
                if (input == null) {
                    throw ApiException.conflict("Model " + model.version() + " needs features this server no longer "
                            + "computes; train a new model");
                }
                return prediction(symbol, tf.name(), row.get().ts(), model, forest, input);
            }
        }
        throw ApiException.notFound("None of the newest " + Math.min(LOOKBACK_BARS, bars.size()) + " closed " + tf
                + " bars of " + symbol + " (newest " + bars.bars().get(bars.size() - 1).ts()
                + ") has complete features: the indicators may still be warming up or computing, or the series has gaps");
    }

    /**
     * The prediction for a feature object. The model is {@code modelId} if given, else the active one of
     * (symbol, timeframe).
     *
     * @throws ApiException 422 naming every missing, unknown or non-finite feature
     */
    public Prediction raw(String symbol, Timeframe tf, Long modelId, JsonNode features) throws SQLException {
        ModelInfo model;
        if (modelId != null) {
            model = registry.get(modelId);
            if (tf != null && !tf.name().equals(model.timeframe())) {
                throw ApiException.unprocessable("timeframe", "model " + model.version() + " is a " + model.timeframe()
                        + " model, not " + tf);
            }
        } else {
            if (tf == null) {
                throw ApiException.unprocessable("timeframe", "timeframe is required unless model_id is given");
            }
            model = registry.active(symbol, tf.name()).orElseThrow(() -> ApiException.notFound("No active model for "
                    + (symbol == null ? "" : symbol + " ") + tf + (symbol == null ? " (global)" : " (nor a global one)")));
        }
        ForestModel forest = registry.load(model);
        List<String> names = forest.featureNames();
        List<FieldError> errors = new ArrayList<>();
        if (features == null || !features.isObject()) {
            throw ApiException.unprocessable("features", "features must be an object {name: number}; this model needs "
                    + String.join(", ", names));
        }
        double[] input = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            JsonNode v = features.get(names.get(i));
            if (v == null || v.isNull()) {
                errors.add(new FieldError(null, "features." + names.get(i), "missing"));
            } else if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                errors.add(new FieldError(null, "features." + names.get(i), "must be a finite number"));
            } else {
                input[i] = v.asDouble();
            }
        }
        Iterator<String> given = features.fieldNames();
        while (given.hasNext()) {
            String name = given.next();
            if (!names.contains(name)) {
                String shown = name.replace('\0', '?');
                errors.add(new FieldError(null, "features." + TextRules.abbreviate(shown, 40),
                        "unknown feature; this model uses " + String.join(", ", names)));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("The features do not fit model " + model.version(), errors);
        }
        return prediction(symbol, model.timeframe(), null, model, forest, input);
    }

    private static Prediction prediction(String symbol, String timeframe, Instant ts, ModelInfo model, ForestModel forest,
            double[] input) {
        double prob = forest.probUp(input);
        Map<String, Double> features = new LinkedHashMap<>();
        List<String> names = forest.featureNames();
        for (int i = 0; i < names.size(); i++) {
            features.put(names.get(i), input[i]);
        }
        double threshold = model.threshold();
        return new Prediction(symbol, timeframe, ts, prob, FeatureVectors.label(prob), FeatureVectors.side(prob, threshold),
                model.version(), model.id(), threshold, features);
    }

    /** The feature names of the current build (for documentation and errors). */
    public static List<String> featureNames() {
        return FeatureNames.ALL;
    }
}
