package org.lungseg.inference;

import org.lungseg.volume.Grid;
import org.lungseg.volume.Volume;

/**
 * Finds the bounding box of the body (voxels denser than {@value #BODY_HU} HU) on a coarse
 * sampling of the scan, in RAS voxels. Rows holding fewer than {@value #MIN_FRACTION} of the
 * busiest row's body voxels are ignored, so that noise and small objects in the air around the
 * patient do not widen the box.
 */
final class BodyBox {

    static final double BODY_HU = -500;
    private static final double MIN_FRACTION = 0.02;
    private static final int SAMPLES_PER_AXIS = 64;

    private BodyBox() {
    }

    /** {start, size} in RAS voxels per RAS axis, or null when the scan holds no body at all. */
    static int[][] find(Volume scan, IntensityMapping mapping, ModelCard card, NetworkSpace whole) {
        Grid g = scan.grid();
        float threshold = (float) ((BODY_HU - card.windowLow()) / (card.windowHigh() - card.windowLow()));
        int[] step = new int[3];
        long[][] projection = new long[3][];
        for (int s = 0; s < 3; s++) {
            step[s] = Math.max(1, g.dim(s) / SAMPLES_PER_AXIS);
            projection[s] = new long[g.dim(s)];
        }
        float[] v = scan.voxels();
        long dense = 0;
        for (int z = 0; z < g.nz(); z += step[2]) {
            for (int y = 0; y < g.ny(); y += step[1]) {
                int row = g.index(0, y, z);
                for (int x = 0; x < g.nx(); x += step[0]) {
                    if (mapping.normalize(v[row + x]) > threshold) {
                        projection[0][x]++;
                        projection[1][y]++;
                        projection[2][z]++;
                        dense++;
                    }
                }
            }
        }
        if (dense == 0) {
            return null;
        }
        int[] start = new int[3];
        int[] size = new int[3];
        for (int s = 0; s < 3; s++) {
            long max = 0;
            for (long c : projection[s]) {
                max = Math.max(max, c);
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < projection[s].length; i++) {
                if (projection[s][i] > 0 && projection[s][i] >= MIN_FRACTION * max) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            // One sampling step of margin: the true edge lies between two samples.
            first = Math.max(0, first - step[s]);
            last = Math.min(g.dim(s) - 1, last + step[s]);
            int a = whole.rasAxisOfSource(s);
            int r0 = whole.sourceIndex(a, first);
            int r1 = whole.sourceIndex(a, last);
            start[a] = Math.min(r0, r1);
            size[a] = Math.abs(r1 - r0) + 1;
        }
        return new int[][] {start, size};
    }
}
