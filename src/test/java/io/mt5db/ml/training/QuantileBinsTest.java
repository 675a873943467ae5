package io.mt5db.ml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantileBinsTest {

    @Test
    void edgesSplitTheTrainingValuesIntoEqualCounts() {
        List<double[]> rows = new ArrayList<>();
        for (int v = 0; v < 100; v++) {
            rows.add(new double[] {v});
        }
        double[][] edges = QuantileBins.fit(rows, 1, 4);
        assertArrayEquals(new double[] {25, 50, 75}, edges[0]);
        assertEquals(0, QuantileBins.apply(new double[] {24.9}, edges)[0]);
        assertEquals(1, QuantileBins.apply(new double[] {25}, edges)[0], "an edge opens its bin");
        assertEquals(3, QuantileBins.apply(new double[] {1e9}, edges)[0]);
        assertEquals(0, QuantileBins.apply(new double[] {-1e9}, edges)[0], "beyond the training range: the end bins");
    }

    @Test
    void repeatedValuesGiveFewerBinsNeverAnEmptyFirstOne() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            rows.add(new double[] {0.0});
        }
        for (int i = 0; i < 10; i++) {
            rows.add(new double[] {i + 1.0});
        }
        double[] edges = QuantileBins.fit(rows, 1, 10)[0];
        assertTrue(edges.length < 9, "90 equal values leave few distinct quantiles: " + edges.length);
        assertTrue(edges[0] > 0, "the smallest value is never an edge");
        for (int k = 1; k < edges.length; k++) {
            assertTrue(edges[k] > edges[k - 1]);
        }
    }

    @Test
    void zeroBinsMeansRawValues() {
        double[][] edges = QuantileBins.fit(List.<double[]>of(new double[] {1, 2}), 2, 0);
        assertEquals(0, edges.length);
        assertArrayEquals(new double[] {1.5, -3}, QuantileBins.apply(new double[] {1.5, -3}, edges));
    }
}
