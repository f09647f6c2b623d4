package org.lungseg.metrics;

import org.lungseg.label.BinaryMask;

/**
 * One row of an evaluation table: how well one class was segmented in one case.
 *
 * @param volumeErrorPercent (predicted - reference) / reference * 100; 0 when both are empty,
 *                           NaN when only the reference is empty (undefined)
 */
public record ClassScore(String name, double dice, double iou, double nsd, double nsdToleranceMm,
                         double referenceMl, double predictedMl, double volumeErrorPercent) {

    /** Scores a predicted mask against its reference. */
    public static ClassScore of(String name, BinaryMask predicted, BinaryMask reference, double nsdToleranceMm) {
        Overlap overlap = Overlap.of(predicted, reference);
        double voxelMl = reference.grid().voxelVolumeMm3() / 1000.0;
        double referenceMl = overlap.reference() * voxelMl;
        double predictedMl = overlap.predicted() * voxelMl;
        double error = overlap.reference() == 0
                ? (overlap.predicted() == 0 ? 0.0 : Double.NaN)
                : 100.0 * (overlap.predicted() - overlap.reference()) / overlap.reference();
        return new ClassScore(name, overlap.dice(), overlap.iou(),
                SurfaceDice.of(predicted, reference, nsdToleranceMm), nsdToleranceMm, referenceMl, predictedMl, error);
    }
}
