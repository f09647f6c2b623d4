package org.lungseg.metrics;

import org.lungseg.volume.Grid;

/**
 * The smallest box of a grid holding every voxel set in some masks. Distance transforms run on
 * this box only: the nearest feature of any voxel inside lies inside, so the result is exact; the
 * trainer cuts fields of view around it.
 */
public final class BoundingBox {

    private final Grid grid;
    private final int[] lo;
    private final int[] dims;

    private BoundingBox(Grid grid, int[] lo, int[] hi) {
        this.grid = grid;
        this.lo = lo;
        this.dims = new int[] {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
    }

    /** The box around all voxels set in any of {@code masks} (grid order), or null if none is set. */
    public static BoundingBox of(Grid grid, boolean[]... masks) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        int i = 0;
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++, i++) {
                    for (boolean[] m : masks) {
                        if (m[i]) {
                            lo[0] = Math.min(lo[0], x);
                            hi[0] = Math.max(hi[0], x);
                            lo[1] = Math.min(lo[1], y);
                            hi[1] = Math.max(hi[1], y);
                            lo[2] = Math.min(lo[2], z);
                            hi[2] = Math.max(hi[2], z);
                            break;
                        }
                    }
                }
            }
        }
        return hi[0] < 0 ? null : new BoundingBox(grid, lo, hi);
    }

    /** The first voxel of the box on each axis. */
    public int[] lo() {
        return lo.clone();
    }

    /** The voxels on each axis. */
    public int[] dims() {
        return dims.clone();
    }

    int size() {
        return dims[0] * dims[1] * dims[2];
    }

    /** Grid index of the voxel at box index {@code b} (box flattened x fastest). */
    int toGrid(int b) {
        int x = b % dims[0];
        int y = (b / dims[0]) % dims[1];
        int z = b / (dims[0] * dims[1]);
        return grid.index(lo[0] + x, lo[1] + y, lo[2] + z);
    }

    /** The part of {@code full} (grid order) inside the box, box order. */
    boolean[] crop(boolean[] full) {
        boolean[] out = new boolean[size()];
        int b = 0;
        for (int z = 0; z < dims[2]; z++) {
            for (int y = 0; y < dims[1]; y++) {
                int row = grid.index(lo[0], lo[1] + y, lo[2] + z);
                System.arraycopy(full, row, out, b, dims[0]);
                b += dims[0];
            }
        }
        return out;
    }
}
