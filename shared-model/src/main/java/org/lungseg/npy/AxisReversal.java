package org.lungseg.npy;

/**
 * Visits the elements of an array as pairs (index in first-axis-fastest order, index in
 * last-axis-fastest order): the correspondence between a Fortran and a C buffer of one array.
 * Rank 3 (and lower) arrays are visited in 32x32 tiles so that both buffers are read and written
 * cache-friendly; this is what makes a 512x512x300 transpose take a fraction of a second instead of
 * seconds of cache misses.
 */
public final class AxisReversal {

    /** Receives one element's index in each order. */
    @FunctionalInterface
    public interface Pair {
        void accept(int firstAxisFastest, int lastAxisFastest);
    }

    private static final int TILE = 32;

    private AxisReversal() {
    }

    /** Calls {@code pair} once for every element of an array of {@code shape}. */
    public static void forEach(int[] shape, Pair pair) {
        if (shape.length > 3) {
            IndexWalk walk = new IndexWalk(shape, FlatteningOrder.FIRST_AXIS_FASTEST, FlatteningOrder.LAST_AXIS_FASTEST);
            for (long p = 0; p < walk.size(); p++, walk.next()) {
                pair.accept((int) p, (int) walk.target());
            }
            return;
        }
        int d0 = shape.length > 0 ? shape[0] : 1;
        int d1 = shape.length > 1 ? shape[1] : 1;
        int d2 = shape.length > 2 ? shape[2] : 1;
        if (shape.length == 2) { // (d0, d1) as (d0, 1, d1)
            d2 = d1;
            d1 = 1;
        }
        // F index of (i, j, k) = i + d0 (j + d1 k); C index = k + d2 (j + d1 i).
        for (int j = 0; j < d1; j++) {
            for (int i0 = 0; i0 < d0; i0 += TILE) {
                int i1 = Math.min(d0, i0 + TILE);
                for (int k0 = 0; k0 < d2; k0 += TILE) {
                    int k1 = Math.min(d2, k0 + TILE);
                    for (int i = i0; i < i1; i++) {
                        int c = d2 * (j + d1 * i);
                        int f = i + d0 * j;
                        for (int k = k0; k < k1; k++) {
                            pair.accept(f + d0 * d1 * k, c + k);
                        }
                    }
                }
            }
        }
    }
}
