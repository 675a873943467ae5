package io.mt5db.ml.training;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * A trained forest ready to predict: Tribuo's model plus the quantile bin edges fitted on its
 * training window. {@link #modelBytes()} is Tribuo's protobuf; {@link #binEdges()} goes into the manifest.
 *
 * <p>{@link #probUp} scores through a flat copy of the trees ({@link FlatForest}), built the same way from a
 * trained and from a loaded model, so that both give identical numbers; Tribuo's own prediction is the
 * fallback for a stored model of another shape.
 *
 * <p>Bin edges: one ascending array per feature (see {@link QuantileBins}); an array with no feature
 * arrays ({@code new double[0][]}) means the forest was trained on raw values. Instances are immutable and
 * safe to share between threads.
 */
public final class ForestModel {

    /** The label of the positive class (up). */
    static final String UP = "1";
    /** The label of the negative class (down). */
    static final String DOWN = "0";

    private final Model<Label> model;
    private final double[][] binEdges;
    private final List<String> featureNames;
    private final String[] names;
    private final FlatForest flat;
    private volatile byte[] bytes;

    private ForestModel(Model<Label> model, byte[] bytes, double[][] binEdges, List<String> featureNames) {
        this.model = model;
        this.bytes = bytes;
        this.binEdges = deepCopy(binEdges);
        this.featureNames = List.copyOf(featureNames);
        this.names = this.featureNames.toArray(String[]::new);
        this.flat = FlatForest.of(model, this.featureNames);
        if (this.binEdges.length != 0 && this.binEdges.length != names.length) {
            throw new IllegalArgumentException("bin edges for " + this.binEdges.length + " features, " + names.length
                    + " feature names");
        }
    }

    static ForestModel of(Model<Label> model, double[][] binEdges, List<String> featureNames) {
        return new ForestModel(model, null, binEdges, featureNames);
    }

    /** Loads a stored model; it predicts exactly what it predicted before it was saved. */
    public static ForestModel load(byte[] modelBytes, double[][] binEdges, List<String> featureNames) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        Objects.requireNonNull(binEdges, "binEdges");
        Objects.requireNonNull(featureNames, "featureNames");
        try {
            Model<?> loaded = Model.deserialize(ModelProto.parseFrom(modelBytes));
            if (!loaded.validate(Label.class)) {
                throw new IllegalArgumentException("stored model is not a classification model: " + loaded.getName());
            }
            return new ForestModel(loaded.castModel(Label.class), modelBytes.clone(), binEdges, featureNames);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("stored model bytes are not a Tribuo model: " + e.getMessage(), e);
        }
    }

    /** Probability that the label is 1 (up) for one feature vector in {@link #featureNames()} order. */
    public double probUp(double[] features) {
        if (features.length != names.length) {
            throw new IllegalArgumentException("expected " + names.length + " features, got " + features.length);
        }
        double[] binned = QuantileBins.apply(features, binEdges);
        return flat != null ? flat.probUp(binned) : tribuoProbUp(binned);
    }

    boolean scoresThroughFlatCopy() {
        return flat != null;
    }

    /** Tribuo's own prediction for an already binned vector: the reference the flat copy is checked against. */
    double tribuoProbUp(double[] binned) {
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, binned);
        Prediction<Label> prediction = model.predict(example);
        Label up = prediction.getOutputScores().get(UP);
        return up == null ? 0.0 : up.getScore();
    }

    public byte[] modelBytes() {
        byte[] serialized = bytes;
        if (serialized == null) {
            serialized = model.serialize().toByteArray();
            bytes = serialized;
        }
        return serialized.clone();
    }

    public double[][] binEdges() {
        return deepCopy(binEdges);
    }

    public List<String> featureNames() {
        return featureNames;
    }

    private static double[][] deepCopy(double[][] edges) {
        double[][] copy = new double[edges.length][];
        for (int f = 0; f < edges.length; f++) {
            copy[f] = edges[f].clone();
        }
        return copy;
    }
}
