package org.lungseg.label;

import org.lungseg.volume.Grid;

/**
 * One structure as a set of voxels on a {@link Grid}: {@code voxels[grid.index(x, y, z)]} is true
 * inside. The unit metrics are computed on, so that callers decide what a class contains.
 */
public record BinaryMask(Grid grid, boolean[] voxels) {

    public BinaryMask {
        if (voxels.length != grid.voxelCount()) {
            throw new IllegalArgumentException("grid " + grid.dimsText() + " needs " + grid.voxelCount()
                    + " voxels, got " + voxels.length);
        }
    }

    /** Number of voxels inside. */
    public long count() {
        long n = 0;
        for (boolean v : voxels) {
            if (v) {
                n++;
            }
        }
        return n;
    }

    /** Volume inside in millilitres. */
    public double volumeMl() {
        return count() * grid.voxelVolumeMm3() / 1000.0;
    }
}
