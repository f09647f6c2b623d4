package org.lungseg.metrics;

import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.label.LabelMasks;
import org.lungseg.volume.LabelMap;

/**
 * Voxel overlap of a predicted and a reference mask on the same grid, and the overlap scores.
 * When both masks are empty the prediction is perfect: Dice and IoU are then defined as 1.0
 * (not NaN), so that a class absent from a case and correctly not predicted scores full marks.
 */
public record Overlap(long intersection, long predicted, long reference) {

    public static Overlap of(BinaryMask predicted, BinaryMask reference) {
        Grids.requireSame(predicted.grid(), reference.grid());
        boolean[] p = predicted.voxels();
        boolean[] r = reference.voxels();
        long both = 0;
        long np = 0;
        long nr = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i]) {
                np++;
                if (r[i]) {
                    both++;
                }
            }
            if (r[i]) {
                nr++;
            }
        }
        return new Overlap(both, np, nr);
    }

    /** Overlap of the voxels carrying {@code label} in each map (the map's label value alone). */
    public static Overlap of(LabelMap predicted, LabelMap reference, Label label) {
        Grids.requireSame(predicted.grid(), reference.grid());
        return of(LabelMasks.of(predicted, label), LabelMasks.of(reference, label));
    }

    public long union() {
        return predicted + reference - intersection;
    }

    /** 2|P∩R| / (|P| + |R|); 1.0 when both are empty. */
    public double dice() {
        return predicted + reference == 0 ? 1.0 : 2.0 * intersection / (predicted + reference);
    }

    /** |P∩R| / |P∪R|; 1.0 when both are empty. */
    public double iou() {
        return union() == 0 ? 1.0 : (double) intersection / union();
    }
}
