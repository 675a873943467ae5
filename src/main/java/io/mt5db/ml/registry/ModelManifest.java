package io.mt5db.ml.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.training.EvaluationMetrics;
import io.mt5db.ml.training.ForestParams;
import io.mt5db.ml.training.SplitSpec;
import io.mt5db.ml.training.ThresholdPoint;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.ml.training.TrainingReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON manifest stored with a model: what it needs to predict again (feature names and spec, bin
 * edges, threshold) and what it was trained on and measured at. Non-finite numbers are stored as null.
 */
public final class ModelManifest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelManifest() {
    }

    /** Where the training data came from. */
    public record Origin(String symbol, String timeframe, Instant from, Instant to, long bars, Long jobId) {
    }

    public static ObjectNode of(TrainedModel trained, Origin origin) {
        ObjectNode m = MAPPER.createObjectNode();
        ArrayNode names = m.putArray("feature_names");
        trained.model().featureNames().forEach(names::add);
        m.set("feature_spec", featureSpec(trained.featureSpec()));
        ForestParams p = trained.params();
        ObjectNode params = m.putObject("params");
        params.put("trees", p.trees());
        params.put("max_depth", p.maxDepth());
        num(params, "feature_fraction", p.featureFraction());
        params.put("seed", p.seed());
        num(params, "bootstrap_fraction", p.bootstrapFraction());
        params.put("bins", p.bins());
        params.put("threads", p.threads());
        SplitSpec s = trained.split();
        ObjectNode split = m.putObject("split");
        num(split, "train_fraction", s.trainFraction());
        num(split, "validation_fraction", s.validationFraction());
        split.put("embargo_bars", s.embargoBars());
        TrainingReport r = trained.report();
        ObjectNode window = m.putObject("training_window");
        window.put("symbol", origin.symbol());
        window.put("timeframe", origin.timeframe());
        ts(window, "requested_from", origin.from());
        ts(window, "requested_to", origin.to());
        window.put("bars", origin.bars());
        ts(window, "train_from", r.trainFrom());
        ts(window, "train_to", r.trainTo());
        ts(window, "validation_from", r.validationFrom());
        ts(window, "validation_to", r.validationTo());
        ts(window, "test_from", r.testFrom());
        ts(window, "test_to", r.testTo());
        window.put("train_rows", r.trainRows());
        window.put("validation_rows", r.validationRows());
        window.put("test_rows", r.testRows());
        if (origin.jobId() != null) {
            m.put("job_id", origin.jobId());
        }
        m.put("data_fingerprint", trained.dataFingerprint());
        num(m, "threshold", r.threshold());
        ArrayNode sweep = m.putArray("sweep");
        for (ThresholdPoint t : r.sweep() == null ? List.<ThresholdPoint>of() : r.sweep()) {
            ObjectNode point = sweep.addObject();
            num(point, "threshold", t.threshold());
            num(point, "accuracy", t.accuracy());
            num(point, "precision", t.precision());
            num(point, "recall", t.recall());
            point.put("signals", t.signals());
        }
        ArrayNode edges = m.putArray("bin_edges");
        double[][] binEdges = trained.model().binEdges();
        if (binEdges != null) {
            for (double[] feature : binEdges) {
                ArrayNode row = edges.addArray();
                if (feature != null) {
                    for (double e : feature) {
                        row.add(e);
                    }
                }
            }
        }
        ObjectNode metrics = m.putObject("metrics");
        metrics.set("model", metrics(r.model()));
        metrics.set("majority", metrics(r.majority()));
        metrics.set("persistence", metrics(r.persistence()));
        m.put("beats_baselines", r.beatsBaselines());
        m.put("verdict", r.verdict());
        return m;
    }

    public static ObjectNode featureSpec(FeatureSpec spec) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("bar_length", spec.barLength().toString());
        node.put("max_gap", spec.maxGap().toString());
        node.put("horizon_bars", spec.horizonBars());
        num(node, "dead_band", spec.deadBand());
        node.put("volume_window", spec.volumeWindow());
        node.put("ma_window", spec.maWindow());
        return node;
    }

    public static ObjectNode metrics(EvaluationMetrics e) {
        ObjectNode node = MAPPER.createObjectNode();
        if (e == null) {
            return node;
        }
        node.put("samples", e.samples());
        num(node, "accuracy", e.accuracy());
        num(node, "precision", e.precision());
        num(node, "recall", e.recall());
        num(node, "f1", e.f1());
        num(node, "auc", e.auc());
        num(node, "log_loss", e.logLoss());
        return node;
    }

    // ---- reading a stored manifest ----

    public static List<String> featureNames(JsonNode manifest) {
        List<String> names = new ArrayList<>();
        manifest.path("feature_names").forEach(n -> names.add(n.asText()));
        return names;
    }

    public static FeatureSpec featureSpec(JsonNode manifest) {
        JsonNode s = manifest.path("feature_spec");
        return new FeatureSpec(Duration.parse(s.path("bar_length").asText()), Duration.parse(s.path("max_gap").asText()),
                s.path("horizon_bars").asInt(), s.path("dead_band").asDouble(0), s.path("volume_window").asInt(),
                s.path("ma_window").asInt());
    }

    public static double[][] binEdges(JsonNode manifest) {
        JsonNode edges = manifest.path("bin_edges");
        double[][] out = new double[edges.size()][];
        for (int i = 0; i < edges.size(); i++) {
            JsonNode row = edges.get(i);
            out[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).asDouble();
            }
        }
        return out;
    }

    public static double threshold(JsonNode manifest) {
        return manifest.path("threshold").asDouble(0.5);
    }

    public static boolean beatsBaselines(JsonNode manifest) {
        return manifest.path("beats_baselines").asBoolean(false);
    }

    /** The first instant the model saw (start of its train window), or null. */
    public static Instant seenFrom(JsonNode manifest) {
        return instant(manifest.path("training_window").path("train_from"));
    }

    /** The end of everything the model saw (end of its test window), or null. */
    public static Instant seenTo(JsonNode manifest) {
        return instant(manifest.path("training_window").path("test_to"));
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    private static void ts(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    private static void num(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
