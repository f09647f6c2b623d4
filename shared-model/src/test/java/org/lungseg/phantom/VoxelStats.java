package org.lungseg.phantom;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

/** Small voxel statistics for the phantom tests, written independently of the generator. */
final class VoxelStats {

    private VoxelStats() {
    }

    /** Median of {@code values} over the voxels that pass {@code where}; NaN when none does. */
    static double median(float[] values, IntPredicate where) {
        return percentile(values, where, 50);
    }

    static double percentile(float[] values, IntPredicate where, double p) {
        float[] picked = picked(values, where);
        int n = picked.length;
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(picked);
        return picked[(int) Math.min(n - 1, Math.floor(p / 100 * n))];
    }

    /** The values of the voxels that pass {@code where}. */
    static float[] picked(float[] values, IntPredicate where) {
        float[] picked = new float[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (where.test(i)) {
                picked[n++] = values[i];
            }
        }
        return Arrays.copyOf(picked, n);
    }

    /**
     * The most frequent whole HU in [lo, hi], counted in a 21 HU wide window around each value so
     * that a few thousand voxels give a stable peak rather than the noisiest single bin.
     */
    static double mode(float[] values, int lo, int hi) {
        int half = 10;
        long[] counts = new long[hi - lo + 1 + 2 * half];
        for (float v : values) {
            int bin = Math.round(v) - lo + half;
            if (bin >= 0 && bin < counts.length) {
                counts[bin]++;
            }
        }
        long best = -1;
        int mode = lo;
        for (int hu = lo; hu <= hi; hu++) {
            long window = 0;
            for (int d = -half; d <= half; d++) {
                window += counts[hu - lo + half + d];
            }
            if (window > best) {
                best = window;
                mode = hu;
            }
        }
        return mode;
    }

    static double mean(float[] values, IntPredicate where) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (where.test(i)) {
                sum += values[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double standardDeviation(float[] values, IntPredicate where) {
        double mean = mean(values, where);
        double squares = 0;
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (where.test(i)) {
                squares += (values[i] - mean) * (values[i] - mean);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(squares / n);
    }

    /** Index along the second array axis of the voxel at flat {@code index}. */
    static int row(Grid g, int index) {
        return (index / g.nx()) % g.ny();
    }

    /** First and last row (second array axis) holding a non-zero label. */
    static int[] rowRange(LabelMap map) {
        int[] range = {Integer.MAX_VALUE, -1};
        byte[] labels = map.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
                range[0] = Math.min(range[0], row(map.grid(), i));
                range[1] = Math.max(range[1], row(map.grid(), i));
            }
        }
        return range;
    }

    /** Mean |world x - {@code x}| in mm of the voxels whose label passes {@code value}. */
    static double meanDistanceX(LabelMap map, IntPredicate value, double x) {
        Grid g = map.grid();
        double sum = 0;
        long n = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (value.test(map.labels()[g.index(i, j, k)])) {
                        sum += Math.abs(g.affine().apply(i, j, k)[0] - x);
                        n++;
                    }
                }
            }
        }
        return sum / n;
    }

    static long count(int size, IntPredicate where) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (where.test(i)) {
                n++;
            }
        }
        return n;
    }

    /** World (RAS mm) centroid of the voxels carrying {@code value}. */
    static double[] worldCentroid(LabelMap map, int value) {
        Grid g = map.grid();
        Affine a = g.affine();
        double[] sum = new double[3];
        long n = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (map.labels()[g.index(i, j, k)] == value) {
                        double[] w = a.apply(i, j, k);
                        sum[0] += w[0];
                        sum[1] += w[1];
                        sum[2] += w[2];
                        n++;
                    }
                }
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** Number of 6-connected pieces of the voxels carrying {@code value}. */
    static int pieces(LabelMap map, int value) {
        Grid g = map.grid();
        byte[] labels = map.labels();
        boolean[] seen = new boolean[labels.length];
        int[] stack = new int[labels.length];
        int pieces = 0;
        for (int start = 0; start < labels.length; start++) {
            if (labels[start] != value || seen[start]) {
                continue;
            }
            pieces++;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int v = stack[--top];
                int i = v % g.nx();
                int j = (v / g.nx()) % g.ny();
                int k = v / (g.nx() * g.ny());
                int[][] steps = {{i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k}, {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}};
                for (int[] s : steps) {
                    if (s[0] < 0 || s[1] < 0 || s[2] < 0 || s[0] >= g.nx() || s[1] >= g.ny() || s[2] >= g.nz()) {
                        continue;
                    }
                    int u = g.index(s[0], s[1], s[2]);
                    if (labels[u] == value && !seen[u]) {
                        seen[u] = true;
                        stack[top++] = u;
                    }
                }
            }
        }
        return pieces;
    }
}
