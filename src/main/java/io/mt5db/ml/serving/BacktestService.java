package io.mt5db.ml.serving;

import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.Timeframe;
import io.mt5db.market.SymbolService;
import io.mt5db.ml.MlConfig;
import io.mt5db.ml.backtest.BacktestResult;
import io.mt5db.ml.backtest.BacktestSpec;
import io.mt5db.ml.backtest.Backtester;
import io.mt5db.ml.data.BarReader;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelManifest;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.ForestModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Walk-forward backtest of a model over [from, to) of a series, refused (422) when the window overlaps
 * anything the model saw in training (its train, validation and test windows).
 */
@ApplicationScoped
public class BacktestService {

    /** The runbook's thresholds, reported beside the result (never tuned for). */
    public static final double PASS_ACCURACY = 0.55;
    public static final double PASS_PRECISION = 0.60;
    public static final double PASS_SHARPE = 1.0;

    @Inject
    DataSource dataSource;

    @Inject
    ModelRegistry registry;

    @Inject
    SymbolService symbols;

    @Inject
    MlConfig config;

    /** A backtest with what it was run with. */
    public record Run(String symbol, String timeframe, Instant from, Instant to, ModelInfo model, BacktestSpec spec,
            BacktestResult result) {
    }

    public Run run(String symbol, Timeframe tf, Instant from, Instant to, String modelRef) throws SQLException {
        ModelInfo model = modelRef == null
                ? registry.active(symbol, tf.name()).orElseThrow(() -> ApiException.notFound("No active model for "
                        + symbol + " " + tf + " (nor a global one); name one with model=<id|version>"))
                : registry.getByIdOrVersion(modelRef);
        if (!model.timeframe().equals(tf.name())) {
            throw ApiException.unprocessable("model", "model " + model.version() + " is a " + model.timeframe()
                    + " model; this backtest is on " + tf);
        }
        if (model.symbol() != null && !model.symbol().equals(symbol)) {
            throw ApiException.unprocessable("model", "model " + model.version() + " belongs to " + model.symbol()
                    + "; backtest it on that symbol (or use a global model)");
        }
        FeatureSpec featureSpec = ModelManifest.featureSpec(model.manifest());
        Instant seenFrom = ModelManifest.seenFrom(model.manifest());
        Instant testTo = ModelManifest.seenTo(model.manifest());
        // The labels of the last test bars looked one horizon further: those bars were seen too.
        Instant seenTo = testTo == null ? null : testTo.plus(featureSpec.horizon());
        if (seenFrom != null && seenTo != null && !from.isAfter(seenTo) && to.isAfter(seenFrom)) {
            throw ApiException.unprocessable("The backtest window overlaps the model's training window",
                    List.of(new FieldError(null, "from", "[" + from + ", " + to + ") overlaps what model " + model.version()
                            + " saw in training: " + seenFrom + " .. " + seenTo + " (train, validation, test and the "
                            + "test labels' horizon); backtest on bars after " + seenTo + " or before " + seenFrom)));
        }
        Double pip = pipSize(symbol);
        if (pip == null) {
            throw ApiException.unprocessable("symbol", "the pip size of " + symbol + " is unknown: set digits or pip_size "
                    + "with PUT /symbols/" + symbol);
        }
        int historyBars = 2 * Math.max(20, Math.max(featureSpec.maWindow(), featureSpec.volumeWindow())) + 10;
        Instant readFrom = from.minus(featureSpec.barLength().multipliedBy(historyBars));
        List<MlBar> bars;
        try (Connection c = dataSource.getConnection()) {
            try {
                bars = BarReader.range(c, symbol, tf, readFrom, to, config.readPageBars(), config.maxBars(), null);
            } catch (IllegalArgumentException e) {
                throw ApiException.unprocessable("to", e.getMessage());
            }
        }
        int fromIndex = 0;
        while (fromIndex < bars.size() && bars.get(fromIndex).ts().isBefore(from)) {
            fromIndex++;
        }
        if (fromIndex >= bars.size()) {
            throw ApiException.unprocessable("from", "no stored " + tf + " bars of " + symbol + " in [" + from + ", " + to + ")");
        }
        ForestModel forest = registry.load(model);
        BacktestSpec spec = new BacktestSpec(model.threshold(), config.slAtr(), config.tpAtr(), featureSpec.horizonBars(),
                pip);
        BacktestResult result = Backtester.run(bars, fromIndex, forest, featureSpec, spec);
        return new Run(symbol, tf.name(), from, to, model, spec, result);
    }

    private Double pipSize(String symbol) throws SQLException {
        try {
            return symbols.get(symbol).pipSize();
        } catch (ApiException e) {
            return null;
        }
    }
}
