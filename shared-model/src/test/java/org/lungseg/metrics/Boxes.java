package org.lungseg.metrics;

import org.lungseg.label.BinaryMask;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;

/** Axis-aligned boxes of voxels, the shapes whose overlaps and surfaces can be counted by hand. */
final class Boxes {

    private Boxes() {
    }

    static Grid grid(int n, double sx, double sy, double sz) {
        return new Grid(n, n, n, Affine.ofSpacing(sx, sy, sz, 0, 0, 0));
    }

    /** Voxels with lo[a] <= coordinate a < hi[a]. */
    static BinaryMask box(Grid g, int[] lo, int[] hi) {
        boolean[] v = new boolean[(int) g.voxelCount()];
        for (int z = lo[2]; z < hi[2]; z++) {
            for (int y = lo[1]; y < hi[1]; y++) {
                for (int x = lo[0]; x < hi[0]; x++) {
                    v[g.index(x, y, z)] = true;
                }
            }
        }
        return new BinaryMask(g, v);
    }

    /** A cube of side {@code side} voxels whose lowest corner is (x0, y0, z0). */
    static BinaryMask cube(Grid g, int x0, int y0, int z0, int side) {
        return box(g, new int[] {x0, y0, z0}, new int[] {x0 + side, y0 + side, z0 + side});
    }
}
