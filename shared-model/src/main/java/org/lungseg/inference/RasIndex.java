package org.lungseg.inference;

import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.Grid;

/**
 * Index arithmetic between a grid's storage order and its RAS reorientation (the nearest
 * canonical axes, as {@link org.lungseg.volume.Reorientation} uses): which storage axis runs
 * along each RAS axis, in which direction. Lets callers read and write a scan in RAS terms without
 * making a reoriented copy.
 */
final class RasIndex {

    private final Grid grid;
    private final int[] sourceAxis = new int[3];
    private final boolean[] flipped = new boolean[3];

    RasIndex(Grid grid) {
        this.grid = grid;
        AxisCodes codes = grid.orientation();
        for (int a = 0; a < 3; a++) {
            sourceAxis[a] = codes.voxelAxisOf(a);
            flipped[a] = codes.negative()[sourceAxis[a]];
        }
    }

    /** The storage axis that runs along RAS axis {@code a}. */
    int sourceAxis(int rasAxis) {
        return sourceAxis[rasAxis];
    }

    /** The RAS axis that storage axis {@code s} runs along. */
    int rasAxisOfSource(int s) {
        for (int a = 0; a < 3; a++) {
            if (sourceAxis[a] == s) {
                return a;
            }
        }
        throw new IllegalStateException("no RAS axis for storage axis " + s);
    }

    /** Whether storage runs against RAS axis {@code a} (e.g. towards the patient's left for x). */
    boolean flipped(int rasAxis) {
        return flipped[rasAxis];
    }

    /** Voxels along RAS axis {@code a}. */
    int rasDim(int rasAxis) {
        return grid.dim(sourceAxis[rasAxis]);
    }

    /**
     * The storage index along its own axis of RAS index {@code r} along RAS axis {@code a}; the
     * map is its own inverse.
     */
    int sourceIndex(int rasAxis, int r) {
        return flipped[rasAxis] ? rasDim(rasAxis) - 1 - r : r;
    }

    /** Array offset of one step along storage axis {@code s}. */
    int stride(int s) {
        return s == 0 ? 1 : s == 1 ? grid.nx() : grid.nx() * grid.ny();
    }

    /** Array offset of RAS voxel (x, y, z). */
    int offset(int x, int y, int z) {
        return sourceIndex(0, x) * stride(sourceAxis[0]) + sourceIndex(1, y) * stride(sourceAxis[1])
                + sourceIndex(2, z) * stride(sourceAxis[2]);
    }
}
