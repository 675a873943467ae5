package io.mt5db.ml.inference;

import io.mt5db.ml.features.FeatureNames;
import java.util.List;

/**
 * Puts the features the builder computed (in {@link FeatureNames#ALL} order) into the order a model
 * was trained with, by name, so that a model stored under an older feature list still predicts (or is
 * reported as not servable when it needs a feature that no longer exists).
 */
public final class FeatureVectors {

    private FeatureVectors() {
    }

    /** The model's input vector, or null when the model needs a feature the builder does not make. */
    public static double[] forModel(List<String> modelFeatures, double[] allValues) {
        List<String> all = FeatureNames.ALL;
        if (modelFeatures.equals(all)) {
            return allValues;
        }
        double[] out = new double[modelFeatures.size()];
        for (int i = 0; i < out.length; i++) {
            int at = all.indexOf(modelFeatures.get(i));
            if (at < 0 || at >= allValues.length) {
                return null;
            }
            out[i] = allValues[at];
        }
        return out;
    }

    /** The predicted class: 1 (up) when prob_up >= 0.5. */
    public static int label(double probUp) {
        return probUp >= 0.5 ? 1 : 0;
    }

    /** BUY when prob_up >= threshold, SELL when <= 1 - threshold, else null (no call). */
    public static String side(double probUp, double threshold) {
        if (probUp >= threshold) {
            return "BUY";
        }
        if (probUp <= 1 - threshold) {
            return "SELL";
        }
        return null;
    }
}
