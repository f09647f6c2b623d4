package org.lungseg.volume;

import java.util.List;

/**
 * A scalar 3D scan: voxel values (after NIfTI scaling, so CT is in HU or in its stored 0..255
 * window) on a {@link Grid}. Voxels are float so that every stored datatype fits one type.
 *
 * @param warnings what the reader had to repair and the user should know (e.g. NaN voxels set to air)
 */
public record Volume(Grid grid, float[] voxels, List<String> warnings) {

    public Volume {
        if (voxels.length != grid.voxelCount()) {
            throw new IllegalArgumentException("grid " + grid.dimsText() + " needs " + grid.voxelCount()
                    + " voxels, got " + voxels.length);
        }
        warnings = List.copyOf(warnings);
    }

    public Volume(Grid grid, float[] voxels) {
        this(grid, voxels, List.of());
    }

    public float get(int x, int y, int z) {
        return voxels[grid.index(x, y, z)];
    }
}
