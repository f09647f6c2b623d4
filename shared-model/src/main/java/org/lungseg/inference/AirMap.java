package org.lungseg.inference;

import org.lungseg.volume.IntensityRange;
import org.lungseg.volume.Volume;

/**
 * Which voxels of a scan hold air: below -500 HU, read through the scan's intensity mapping so
 * that a scan stored as 0..255 of the model window answers the same as one in HU.
 */
record AirMap(float[] voxels, IntensityMapping intensity, float airLevel) {

    /** Air and lung parenchyma lie below this; soft tissue, blood and consolidation above. */
    static final double AIR_HU = IntensityRange.AIR_HU;

    static AirMap of(Volume scan, IntensityMapping intensity, ModelCard card) {
        double level = (AIR_HU - card.windowLow()) / (card.windowHigh() - card.windowLow());
        return new AirMap(scan.voxels(), intensity, (float) level);
    }

    /** Whether the voxel at grid index {@code index} of the scan is air. */
    boolean isAir(int index) {
        return intensity.normalize(voxels[index]) < airLevel;
    }
}
