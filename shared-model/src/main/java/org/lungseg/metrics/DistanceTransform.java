package org.lungseg.metrics;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform with anisotropic spacing, by Felzenszwalb and Huttenlocher's
 * separable algorithm ("Distance Transforms of Sampled Functions", Theory of Computing 8, 2012):
 * one lower-envelope-of-parabolas pass per axis, linear in the voxel count.
 */
public final class DistanceTransform {

    /** Lines along a strided axis transformed together, so memory is read in contiguous rows. */
    private static final int LINES_PER_BLOCK = 64;

    private DistanceTransform() {
    }

    /**
     * Squared distance in mm² from every voxel to the nearest feature voxel (0 on features,
     * +infinity everywhere when there is none). Arrays are flattened first axis fastest.
     *
     * @param spacing voxel size along each axis in mm
     */
    public static float[] squaredDistances(boolean[] features, int[] dims, double[] spacing) {
        int n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        if (features.length != n || spacing.length != dims.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " do not fit " + features.length
                    + " voxels and " + spacing.length + " spacings");
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = features[i] ? 0f : Float.POSITIVE_INFINITY;
        }
        int longest = Arrays.stream(dims).max().orElse(1);
        Envelope envelope = new Envelope(longest);
        float[] block = new float[longest * LINES_PER_BLOCK];
        int stride = 1;
        for (int axis = 0; axis < dims.length; axis++) {
            int len = dims[axis];
            int span = stride * len;
            for (int outer = 0; outer < n; outer += span) {
                if (stride == 1) {
                    envelope.transform(f, outer, 1, len, spacing[axis]);
                    continue;
                }
                // Strided lines: copy a block of neighbouring lines out row by row, transform, copy back.
                for (int inner = 0; inner < stride; inner += LINES_PER_BLOCK) {
                    int lines = Math.min(LINES_PER_BLOCK, stride - inner);
                    for (int q = 0; q < len; q++) {
                        System.arraycopy(f, outer + inner + q * stride, block, q * lines, lines);
                    }
                    for (int line = 0; line < lines; line++) {
                        envelope.transform(block, line, lines, len, spacing[axis]);
                    }
                    for (int q = 0; q < len; q++) {
                        System.arraycopy(block, q * lines, f, outer + inner + q * stride, lines);
                    }
                }
            }
            stride = span;
        }
        return f;
    }

    /** One 1D pass: d(p) = min_q (s (p - q))² + f(q) along a line of the array, in place. */
    private static final class Envelope {
        private final double[] line;
        private final int[] v;      // positions of the parabolas of the lower envelope
        private final double[] z;   // boundaries between them

        Envelope(int capacity) {
            line = new double[capacity];
            v = new int[capacity];
            z = new double[capacity + 1];
        }

        void transform(float[] f, int base, int stride, int len, double s) {
            double s2 = s * s;
            int k = -1;
            for (int q = 0; q < len; q++) {
                double fq = f[base + q * stride];
                line[q] = fq;
                if (fq == Double.POSITIVE_INFINITY) {
                    continue; // no parabola: the line has no feature here yet
                }
                if (k < 0) {
                    k = 0;
                    v[0] = q;
                    z[0] = Double.NEGATIVE_INFINITY;
                    z[1] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double cut;
                while (true) {
                    int p = v[k];
                    cut = ((fq + s2 * q * q) - (line[p] + s2 * p * p)) / (2 * s2 * (q - p));
                    if (cut > z[k]) {
                        break;
                    }
                    k--;
                }
                k++;
                v[k] = q;
                z[k] = cut;
                z[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                return; // all infinite: stays infinite
            }
            k = 0;
            for (int q = 0; q < len; q++) {
                while (z[k + 1] < q) {
                    k++;
                }
                double d = q - v[k];
                f[base + q * stride] = (float) (s2 * d * d + line[v[k]]);
            }
        }
    }
}
