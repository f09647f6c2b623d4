package org.lungseg.inference;

import org.lungseg.volume.Grid;
import org.lungseg.volume.IntensityRange;
import org.lungseg.volume.Volume;

/**
 * Which voxels of a scan hold air: below -500 HU, read through the scan's intensity mapping so
 * that a scan stored as 0..255 of the model window answers the same as one in HU.
 */
record AirMap(float[] voxels, IntensityMapping intensity, float airLevel) {

    /** Air and lung parenchyma lie below this; soft tissue, blood and consolidation above. */
    static final double AIR_HU = IntensityRange.AIR_HU;

    /** Samples per axis for {@link #bodyShare}: a coarse lattice answers "is there a body" as well as every voxel. */
    private static final int SAMPLES_PER_AXIS = 64;

    static AirMap of(Volume scan, IntensityMapping intensity, ModelCard card) {
        double level = (AIR_HU - card.windowLow()) / (card.windowHigh() - card.windowLow());
        return new AirMap(scan.voxels(), intensity, (float) level);
    }

    /** Whether the voxel at grid index {@code index} of the scan is air. */
    boolean isAir(int index) {
        return intensity.normalize(voxels[index]) < airLevel;
    }

    /** The share of the scan's voxels that are not air (body, or anything denser), on a lattice of up to 64^3. */
    double bodyShare(Grid g) {
        int[] step = new int[3];
        for (int s = 0; s < 3; s++) {
            step[s] = Math.max(1, g.dim(s) / SAMPLES_PER_AXIS);
        }
        long sampled = 0;
        long body = 0;
        for (int z = 0; z < g.nz(); z += step[2]) {
            for (int y = 0; y < g.ny(); y += step[1]) {
                int row = g.index(0, y, z);
                for (int x = 0; x < g.nx(); x += step[0]) {
                    sampled++;
                    body += isAir(row + x) ? 0 : 1;
                }
            }
        }
        return (double) body / sampled;
    }
}
