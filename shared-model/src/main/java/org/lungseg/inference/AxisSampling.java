package org.lungseg.inference;

/**
 * Linear interpolation along one axis, precomputed: for each output position, the two input
 * positions around it and the weight of the upper one. Coordinates outside the input are clamped
 * to its edge, as PyTorch's trilinear resize does.
 *
 * @param lower  input index at or below each output position
 * @param upper  input index above it (equal to {@code lower} at the edge)
 * @param weight weight of {@code upper}, in [0, 1]
 */
record AxisSampling(int[] lower, int[] upper, float[] weight) {

    /**
     * Samples input coordinates {@code start + i * step} for {@code i} in {@code 0..count-1}, clamped to
     * {@code [first, last]}.
     */
    static AxisSampling of(int count, double start, double step, int first, int last) {
        int[] lower = new int[count];
        int[] upper = new int[count];
        float[] weight = new float[count];
        for (int i = 0; i < count; i++) {
            double x = Math.min(Math.max(start + i * step, first), last);
            int lo = (int) Math.floor(x);
            lower[i] = lo;
            upper[i] = Math.min(lo + 1, last);
            weight[i] = (float) (x - lo);
        }
        return new AxisSampling(lower, upper, weight);
    }

    int size() {
        return lower.length;
    }

    /** The same positions with each index passed through {@code offsetOf} (e.g. into array offsets). */
    AxisSampling mapIndices(java.util.function.IntUnaryOperator offsetOf) {
        int[] lo = new int[lower.length];
        int[] hi = new int[lower.length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = offsetOf.applyAsInt(lower[i]);
            hi[i] = offsetOf.applyAsInt(upper[i]);
        }
        return new AxisSampling(lo, hi, weight);
    }
}
