package org.lungseg.phantom;

import org.lungseg.label.Label;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/**
 * A synthetic chest CT with exact labels, all on one stored grid.
 *
 * @param ct       the scan, in HU or (when the spec asks) in 0..255 window values
 * @param labels   0 background, 1 left lung, 2 right lung, 3 infection (COVID-19-CT-Seg's
 *                 {@code Lung_and_Infection_Mask})
 * @param lungs    the whole lungs, infected parts included: 1 left, 2 right ({@code Lung_Mask})
 * @param tissues  the {@link Tissue} code of every voxel, for statistics and checks
 * @param lesions  how many infection lesions were drawn
 */
public record Phantom(PhantomSpec spec, Volume ct, LabelMap labels, LabelMap lungs, byte[] tissues, int lesions) {

    public Tissue tissue(int index) {
        return Tissue.ofCode(tissues[index]);
    }

    /** Volume of a whole lung, infected part included, in millilitres. */
    public double lungVolumeMl(Label lung) {
        if (!lung.isLung()) {
            throw new IllegalArgumentException("not a lung: " + lung);
        }
        return lungs.histogram()[lung.value()] * lungs.grid().voxelVolumeMm3() / 1000;
    }

    /** Infected share of the total lung volume, 0..1. */
    public double infectedFraction() {
        long[] lungCount = lungs.histogram();
        long lung = lungCount[1] + lungCount[2];
        return lung == 0 ? 0 : (double) labels.histogram()[Label.INFECTION.value()] / lung;
    }
}
