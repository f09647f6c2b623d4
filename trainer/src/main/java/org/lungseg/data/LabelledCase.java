package org.lungseg.data;

import org.lungseg.label.Label;
import org.lungseg.metrics.WholeLungMasks;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/**
 * One training case: a CT scan and its label map (0 background, 1 left lung, 2 right lung,
 * 3 infection) on the same grid, and where the source has them, the whole lungs with their
 * infected parts (1 left, 2 right), as COVID-19-CT-Seg's {@code Lung_Mask} holds them.
 *
 * @param lungs whole-lung mask, or null when the source only has the label map
 */
public record LabelledCase(String name, Volume ct, LabelMap labels, LabelMap lungs) {

    /** Masks may differ from their scan's affine by header rounding (float32 srow, qform), no more. */
    static final double GEOMETRY_TOLERANCE_MM = 1e-2;

    public LabelledCase {
        requireSameGrid(name, ct, labels, "label map");
        if (lungs != null) {
            requireSameGrid(name, ct, lungs, "lung mask");
        }
    }

    public static LabelledCase of(String name, Volume ct, LabelMap labels) {
        return new LabelledCase(name, ct, labels, null);
    }

    /**
     * The whole lungs (1 left, 2 right, infection included): the source's mask when it has one,
     * otherwise each infected voxel given to the nearer lung ({@link WholeLungMasks}).
     */
    public LabelMap wholeLungs() {
        if (lungs != null) {
            return lungs;
        }
        WholeLungMasks whole = WholeLungMasks.of(labels);
        boolean[] left = whole.left().voxels();
        boolean[] right = whole.right().voxels();
        byte[] out = new byte[left.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (left[i] ? Label.LEFT_LUNG.value() : right[i] ? Label.RIGHT_LUNG.value() : 0);
        }
        return new LabelMap(labels.grid(), out);
    }

    private static void requireSameGrid(String name, Volume ct, LabelMap mask, String what) {
        if (!mask.grid().sameGeometry(ct.grid(), GEOMETRY_TOLERANCE_MM)) {
            throw new InvalidScanException(name + ": the " + what + " (" + mask.grid().dimsText() + ", "
                    + mask.grid().orientation() + ") is not on the scan's grid (" + ct.grid().dimsText() + ", "
                    + ct.grid().orientation() + ")");
        }
    }
}
