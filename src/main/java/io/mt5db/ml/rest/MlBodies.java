package io.mt5db.ml.rest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The training and prediction request bodies as OpenAPI schemas; the routes' parsers enforce them. */
final class MlBodies {

    private MlBodies() {
    }

    @Schema(name = "TrainRequest", description = "symbol or symbols (one model each), timeframe, optional window")
    record Train(
            @Schema(examples = "EURUSD", description = "one symbol (or send symbols)") String symbol,
            @Schema(maxItems = 20) List<String> symbols,
            @Schema(required = true, enumeration = {"M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"}) String timeframe,
            @Schema(format = "date-time", description = "inclusive; absent: the first stored bar") String from,
            @Schema(format = "date-time", description = "exclusive; absent: the last stored bar") String to,
            @Schema(description = "register the single symbol's model as the timeframe's global model") Boolean global,
            TrainParams params) {
    }

    @Schema(name = "TrainParams", description = "Random-forest parameters; absent ones take the defaults")
    record TrainParams(
            @Schema(minimum = "1", maximum = "2000") Integer trees,
            @Schema(minimum = "1", maximum = "64") Integer maxDepth,
            @Schema(description = "(0, 1]") Double featureFraction,
            @Schema(description = "(0, 1]") Double bootstrapFraction,
            Long seed,
            @Schema(minimum = "0", maximum = "65536", description = "0 = raw values") Integer bins,
            @Schema(minimum = "1", maximum = "64") Integer threads) {
    }

    @Schema(name = "PredictRequest", description = "Features computed by the caller, scored by model_id or the "
            + "series' active model")
    record Predict(
            String symbol,
            @Schema(required = true, enumeration = {"M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"}) String timeframe,
            @Schema(description = "a model id; absent: the active model of symbol/timeframe") Long modelId,
            @Schema(required = true, description = "feature name -> value") Map<String, Double> features) {
    }
}
