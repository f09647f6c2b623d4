package org.lungseg.data;

import java.util.Arrays;
import org.lungseg.label.Label;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;

/**
 * Splits a mask of both lungs (H2O's single {@code lungs} class) into the patient's left and right
 * lung, sides read from the affine. In RAS order the sagittal slice with the fewest lung voxels
 * between the 25th and 75th percentile of the mask's x is the midline (the gap between the lungs,
 * or their thinnest junction). Each 6-connected component goes whole to the side of the midline
 * its centroid lies on; a component with at least {@value #CROSSING_SHARE} of its voxels on each
 * side (lungs joined at the anterior junction) is cut at the midline instead.
 */
public final class LungSides {

    static final double CROSSING_SHARE = 0.05;

    private LungSides() {
    }

    /** Labels 1 (left) and 2 (right) for the voxels of {@code lungs} on {@code grid}. */
    public static LabelMap split(Grid grid, boolean[] lungs) {
        Reorientation toRas = Reorientation.toRas(grid);
        byte[] marked = new byte[lungs.length];
        for (int i = 0; i < lungs.length; i++) {
            marked[i] = (byte) (lungs[i] ? 1 : 0);
        }
        LabelMap ras = toRas.toRas(new LabelMap(grid, marked));
        int[] dims = ras.grid().dims();
        byte[] mask = ras.labels();
        byte[] sides = new byte[mask.length];
        int midline = midline(mask, dims[0]);
        int[] queue = new int[1024];
        for (int seed = 0; seed < mask.length; seed++) {
            if (mask[seed] == 0) {
                continue;
            }
            mask[seed] = 0;
            queue[0] = seed;
            int size = 1;
            long leftOfMidline = 0;
            for (int head = 0; head < size; head++) {
                int v = queue[head];
                int x = v % dims[0];
                if (x < midline) {
                    leftOfMidline++;
                }
                int y = v / dims[0] % dims[1];
                int z = v / (dims[0] * dims[1]);
                for (int[] d : NEIGHBOURS) {
                    int nx = x + d[0];
                    int ny = y + d[1];
                    int nz = z + d[2];
                    if (nx < 0 || ny < 0 || nz < 0 || nx >= dims[0] || ny >= dims[1] || nz >= dims[2]) {
                        continue;
                    }
                    int n = v + d[0] + d[1] * dims[0] + d[2] * dims[0] * dims[1];
                    if (mask[n] != 0) {
                        mask[n] = 0;
                        if (size == queue.length) {
                            queue = Arrays.copyOf(queue, queue.length * 2);
                        }
                        queue[size++] = n;
                    }
                }
            }
            double leftShare = leftOfMidline / (double) size;
            boolean crossing = Math.min(leftShare, 1 - leftShare) >= CROSSING_SHARE;
            for (int k = 0; k < size; k++) {
                int v = queue[k];
                // RAS x grows towards the patient's right: the left lung lies below the midline.
                boolean left = crossing ? v % dims[0] < midline : leftShare >= 0.5;
                sides[v] = (byte) (left ? Label.LEFT_LUNG.value() : Label.RIGHT_LUNG.value());
            }
        }
        return toRas.toSource(new LabelMap(ras.grid(), sides));
    }

    private static final int[][] NEIGHBOURS = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};

    /** The first RAS x slice of the right side: the middle of the emptiest run of slices in the mask's central half. */
    static int midline(byte[] mask, int nx) {
        long[] perSlice = new long[nx];
        long total = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                perSlice[i % nx]++;
                total++;
            }
        }
        int from = percentile(perSlice, total, 0.25);
        int to = percentile(perSlice, total, 0.75);
        long fewest = Long.MAX_VALUE;
        for (int x = from; x <= to; x++) {
            fewest = Math.min(fewest, perSlice[x]);
        }
        int bestStart = from;
        int bestLength = 0;
        for (int x = from; x <= to; x++) {
            if (perSlice[x] != fewest) {
                continue;
            }
            int end = x;
            while (end + 1 <= to && perSlice[end + 1] == fewest) {
                end++;
            }
            if (end - x + 1 > bestLength) {
                bestStart = x;
                bestLength = end - x + 1;
            }
            x = end;
        }
        return bestStart + bestLength / 2;
    }

    private static int percentile(long[] perSlice, long total, double p) {
        long seen = 0;
        for (int x = 0; x < perSlice.length; x++) {
            seen += perSlice[x];
            if (seen > p * total) {
                return x;
            }
        }
        return perSlice.length - 1;
    }
}
