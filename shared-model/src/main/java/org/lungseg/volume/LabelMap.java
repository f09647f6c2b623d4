package org.lungseg.volume;

/**
 * One label per voxel on a {@link Grid}; values follow {@code org.lungseg.label.Label}
 * (0 background, 1 left lung, 2 right lung, 3 infection).
 */
public record LabelMap(Grid grid, byte[] labels) {

    public LabelMap {
        if (labels.length != grid.voxelCount()) {
            throw new IllegalArgumentException("grid " + grid.dimsText() + " needs " + grid.voxelCount()
                    + " labels, got " + labels.length);
        }
    }

    public static LabelMap empty(Grid grid) {
        return new LabelMap(grid, new byte[Math.toIntExact(grid.voxelCount())]);
    }

    public int get(int x, int y, int z) {
        return labels[grid.index(x, y, z)];
    }

    /** Voxels carrying each label value 0..255. */
    public long[] histogram() {
        long[] h = new long[256];
        for (byte b : labels) {
            h[b & 0xff]++;
        }
        return h;
    }
}
