package io.mt5db.ml.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;

/**
 * The trees of a Tribuo forest copied into flat arrays, for scoring without Tribuo's per-call objects
 * (an Example, a SparseVector, a Prediction and its maps per tree): scoring a test window of 100,000
 * rows with 100 trees went from minutes to seconds. It walks each tree exactly as Tribuo's SplitNode does
 * (greater than the split value goes right; an absent feature reads 0) and combines the leaves as
 * {@code FullyWeightedVotingCombiner} does with unit weights: the up scores summed over the trees,
 * divided by all scores summed. Tribuo's own prediction can differ only by the order of that
 * floating-point sum (ForestModelTest holds it within 1e-12); the stored model stays Tribuo's protobuf.
 */
final class FlatForest {

    private final int[] roots;
    /** Per node: the position of its feature in the vector, or -1 for a leaf. */
    private final int[] feature;
    private final double[] split;
    private final int[] lessOrEqual;
    private final int[] greater;
    private final double[] upScore;
    private final double[] totalScore;

    private FlatForest(int[] roots, int[] feature, double[] split, int[] lessOrEqual, int[] greater, double[] upScore,
            double[] totalScore) {
        this.roots = roots;
        this.feature = feature;
        this.split = split;
        this.lessOrEqual = lessOrEqual;
        this.greater = greater;
        this.upScore = upScore;
        this.totalScore = totalScore;
    }

    /** The flat copy of an ensemble of Tribuo trees with unit weights; null for any other model shape. */
    static FlatForest of(Model<Label> model, List<String> featureNames) {
        if (!(model instanceof WeightedEnsembleModel<Label> ensemble) || !unitWeights(ensemble)) {
            return null;
        }
        ImmutableFeatureMap features = model.getFeatureIDMap();
        int[] positionOfId = new int[features.size()];
        for (int id = 0; id < positionOfId.length; id++) {
            positionOfId[id] = featureNames.indexOf(features.get(id).getName());
        }
        Builder builder = new Builder();
        List<Integer> roots = new ArrayList<>();
        for (Model<Label> member : ((EnsembleModel<Label>) ensemble).getModels()) {
            if (!(member instanceof TreeModel<Label> tree)) {
                return null;
            }
            int root = builder.add(tree.getRoot(), positionOfId);
            if (root < 0) {
                return null;
            }
            roots.add(root);
        }
        return builder.build(roots.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean unitWeights(WeightedEnsembleModel<Label> ensemble) {
        // the weights are not exposed; the ensembles this code builds never set any, so the serialised
        // form is the only other source and a model from elsewhere falls back to Tribuo's own prediction
        return ensemble.getName().equals(ForestTrainer.ENSEMBLE_NAME);
    }

    double probUp(double[] binned) {
        double up = 0;
        double total = 0;
        for (int root : roots) {
            int node = root;
            while (feature[node] >= 0) {
                node = binned[feature[node]] > split[node] ? greater[node] : lessOrEqual[node];
            }
            up += upScore[node];
            total += totalScore[node];
        }
        return total == 0 ? 0 : up / total;
    }

    private static final class Builder {
        private final List<int[]> links = new ArrayList<>();
        private final List<double[]> values = new ArrayList<>();

        /** Adds a subtree and returns its index, or -1 when a node is of a kind this copy does not know. */
        int add(Node<Label> node, int[] positionOfId) {
            int index = links.size();
            if (node instanceof LeafNode<Label> leaf) {
                double up = 0;
                double total = 0;
                for (Map.Entry<String, Label> entry : leaf.getDistribution().entrySet()) {
                    double score = entry.getValue().getScore();
                    total += score;
                    if (entry.getKey().equals(ForestModel.UP)) {
                        up += score;
                    }
                }
                links.add(new int[] {-1, -1, -1});
                values.add(new double[] {0, up, total});
                return index;
            }
            if (!(node instanceof SplitNode<Label> splitNode)) {
                return -1;
            }
            int position = positionOfId[splitNode.getFeatureID()];
            if (position < 0) {
                return -1;
            }
            links.add(new int[] {position, 0, 0});
            values.add(new double[] {splitNode.splitValue(), 0, 0});
            int left = add(splitNode.getLessThanOrEqual(), positionOfId);
            int right = add(splitNode.getGreaterThan(), positionOfId);
            if (left < 0 || right < 0) {
                return -1;
            }
            links.get(index)[1] = left;
            links.get(index)[2] = right;
            return index;
        }

        FlatForest build(int[] roots) {
            int n = links.size();
            int[] feature = new int[n];
            double[] split = new double[n];
            int[] lessOrEqual = new int[n];
            int[] greater = new int[n];
            double[] up = new double[n];
            double[] total = new double[n];
            for (int i = 0; i < n; i++) {
                feature[i] = links.get(i)[0];
                lessOrEqual[i] = links.get(i)[1];
                greater[i] = links.get(i)[2];
                split[i] = values.get(i)[0];
                up[i] = values.get(i)[1];
                total[i] = values.get(i)[2];
            }
            return new FlatForest(roots, feature, split, lessOrEqual, greater, up, total);
        }
    }
}
