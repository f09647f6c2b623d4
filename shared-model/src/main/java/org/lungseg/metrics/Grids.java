package org.lungseg.metrics;

import org.lungseg.volume.Grid;

/** The same-grid precondition every comparison of two masks has. */
final class Grids {

    /** Affine entries may differ this much (mm) after a float32 round trip through a file. */
    private static final double AFFINE_TOLERANCE = 1e-3;

    private Grids() {
    }

    static void requireSame(Grid predicted, Grid reference) {
        if (!predicted.sameGeometry(reference, AFFINE_TOLERANCE)) {
            throw new IllegalArgumentException("prediction and reference must be on the same grid: "
                    + predicted.dimsText() + " " + predicted.affine().toString().replace('\n', ' ') + " vs "
                    + reference.dimsText() + " " + reference.affine().toString().replace('\n', ' '));
        }
    }
}
