package io.mt5db.ml.training;

import java.util.Arrays;
import java.util.List;

/**
 * Quantile binning of the feature columns. Edges are fitted on the training rows only; a value is
 * replaced by the number of edges at or below it, so bin k holds [edge k-1, edge k). Quantising to a
 * few hundred values makes each CART tree an order of magnitude cheaper (its inverted index holds one
 * entry per distinct value) at almost no cost in accuracy, since a tree only ever compares values.
 */
public final class QuantileBins {

    private QuantileBins() {
    }

    /** One ascending, duplicate-free edge array per feature; at most {@code bins - 1} edges each. */
    public static double[][] fit(List<double[]> rows, int features, int bins) {
        if (bins == 0) {
            return new double[0][];
        }
        double[][] edges = new double[features][];
        double[] column = new double[rows.size()];
        for (int f = 0; f < features; f++) {
            for (int r = 0; r < rows.size(); r++) {
                column[r] = rows.get(r)[f];
            }
            Arrays.sort(column);
            double[] cut = new double[bins - 1];
            int count = 0;
            for (int q = 1; q < bins; q++) {
                double edge = column[(int) ((long) q * column.length / bins)];
                // an edge equal to the smallest value would leave bin 0 empty
                if (edge > column[0] && (count == 0 || edge > cut[count - 1])) {
                    cut[count++] = edge;
                }
            }
            edges[f] = Arrays.copyOf(cut, count);
        }
        return edges;
    }

    /** The binned vector; {@code edges} with no feature arrays means raw values. */
    public static double[] apply(double[] values, double[][] edges) {
        if (edges.length == 0) {
            return values.clone();
        }
        double[] out = new double[values.length];
        for (int f = 0; f < values.length; f++) {
            out[f] = binOf(values[f], edges[f]);
        }
        return out;
    }

    static int binOf(double value, double[] edges) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
