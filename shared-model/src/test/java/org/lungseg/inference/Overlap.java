package org.lungseg.inference;

import org.lungseg.volume.LabelMap;

/** Dice and centroids of label sets, for checking segmentations against ground truth. */
final class Overlap {

    private Overlap() {
    }

    /** Dice of voxels of {@code a} in {@code aLabels} against voxels of {@code b} in {@code bLabels} (same grid). */
    static double dice(LabelMap a, int[] aLabels, LabelMap b, int[] bLabels) {
        boolean[] inA = set(aLabels);
        boolean[] inB = set(bLabels);
        long both = 0;
        long na = 0;
        long nb = 0;
        for (int i = 0; i < a.labels().length; i++) {
            boolean x = inA[a.labels()[i] & 0xff];
            boolean y = inB[b.labels()[i] & 0xff];
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
    }

    /** World (RAS mm) centroid of the voxels carrying {@code label}, or null if none. */
    static double[] centroid(LabelMap map, int label) {
        double[] sum = new double[3];
        long n = 0;
        for (int z = 0, i = 0; z < map.grid().nz(); z++) {
            for (int y = 0; y < map.grid().ny(); y++) {
                for (int x = 0; x < map.grid().nx(); x++, i++) {
                    if (map.labels()[i] == label) {
                        sum[0] += x;
                        sum[1] += y;
                        sum[2] += z;
                        n++;
                    }
                }
            }
        }
        return n == 0 ? null : map.grid().affine().apply(sum[0] / n, sum[1] / n, sum[2] / n);
    }

    static long count(LabelMap map, int label) {
        long n = 0;
        for (byte b : map.labels()) {
            n += b == label ? 1 : 0;
        }
        return n;
    }

    private static boolean[] set(int[] labels) {
        boolean[] s = new boolean[256];
        for (int l : labels) {
            s[l] = true;
        }
        return s;
    }
}
