package org.lungseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

    @Test
    void matchesBruteForceOnRandomMasksWithAnisotropicSpacing() {
        Random random = new Random(11);
        int[][] shapes = {{9, 7, 5}, {1, 12, 6}, {13, 1, 1}, {6, 6, 6}, {20, 3, 4}, {8, 9}};
        for (int[] dims : shapes) {
            for (double density : new double[] {0.002, 0.02, 0.2, 0.7}) {
                double[] spacing = new double[dims.length];
                for (int a = 0; a < dims.length; a++) {
                    spacing[a] = 0.3 + 4 * random.nextDouble();
                }
                int n = 1;
                for (int d : dims) {
                    n *= d;
                }
                boolean[] features = new boolean[n];
                for (int i = 0; i < n; i++) {
                    features[i] = random.nextDouble() < density;
                }
                float[] fast = DistanceTransform.squaredDistances(features, dims, spacing);
                double[] slow = bruteForce(features, dims, spacing);
                for (int i = 0; i < n; i++) {
                    if (Double.isInfinite(slow[i])) {
                        assertThat(fast[i]).isEqualTo(Float.POSITIVE_INFINITY);
                    } else {
                        assertThat((double) fast[i]).as("voxel %d", i).isCloseTo(slow[i], within(1e-5 * (1 + slow[i])));
                    }
                }
            }
        }
    }

    @Test
    void singleFeatureGivesTheSquaredEuclideanDistanceInMillimetres() {
        int[] dims = {5, 4, 3};
        boolean[] features = new boolean[60];
        features[0] = true; // voxel (0, 0, 0)
        float[] d2 = DistanceTransform.squaredDistances(features, dims, new double[] {0.5, 2, 3});
        // voxel (4, 3, 2): (4 * 0.5)^2 + (3 * 2)^2 + (2 * 3)^2 = 4 + 36 + 36
        assertThat(d2[4 + 5 * (3 + 4 * 2)]).isEqualTo(76f);
        assertThat(d2[0]).isZero();
    }

    @Test
    void noFeatureMeansInfinitelyFar() {
        float[] d2 = DistanceTransform.squaredDistances(new boolean[24], new int[] {2, 3, 4}, new double[] {1, 1, 1});
        assertThat(d2).containsOnly(Float.POSITIVE_INFINITY);
    }

    /** Minimum over all features of the squared anisotropic distance, by coordinates. */
    private static double[] bruteForce(boolean[] features, int[] dims, double[] spacing) {
        int n = features.length;
        double[] out = new double[n];
        int[][] coords = new int[n][];
        for (int i = 0; i < n; i++) {
            coords[i] = new int[dims.length];
            int rest = i;
            for (int a = 0; a < dims.length; a++) {
                coords[i][a] = rest % dims[a];
                rest /= dims[a];
            }
        }
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (features[j]) {
                    double s = 0;
                    for (int a = 0; a < dims.length; a++) {
                        double d = (coords[i][a] - coords[j][a]) * spacing[a];
                        s += d * d;
                    }
                    best = Math.min(best, s);
                }
            }
            out[i] = best;
        }
        return out;
    }
}
