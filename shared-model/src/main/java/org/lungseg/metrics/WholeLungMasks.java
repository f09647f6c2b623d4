package org.lungseg.metrics;

import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.label.LabelMasks;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

/**
 * Both lungs whole, infected part included, from a label map where infection (3) replaces the
 * lung label. A map does not say which lung an infected voxel lies in, so it is given to the lung
 * whose labelled voxels are nearer (Euclidean, in mm); a voxel exactly as near to both, or in a
 * map with no lung labels at all, is given to neither.
 */
public record WholeLungMasks(BinaryMask left, BinaryMask right) {

    public static WholeLungMasks of(LabelMap map) {
        Grid grid = map.grid();
        boolean[] left = LabelMasks.of(map, Label.LEFT_LUNG).voxels();
        boolean[] right = LabelMasks.of(map, Label.RIGHT_LUNG).voxels();
        if (map.histogram()[Label.INFECTION.value()] > 0) {
            boolean[] infection = LabelMasks.of(map, Label.INFECTION).voxels();
            BoundingBox box = BoundingBox.of(grid, left, right, infection);
            float[] toLeft = DistanceTransform.squaredDistances(box.crop(left), box.dims(), grid.spacing());
            float[] toRight = DistanceTransform.squaredDistances(box.crop(right), box.dims(), grid.spacing());
            boolean[] infectionBox = box.crop(infection);
            for (int b = 0; b < infectionBox.length; b++) {
                if (infectionBox[b] && toLeft[b] != toRight[b]) {
                    (toLeft[b] < toRight[b] ? left : right)[box.toGrid(b)] = true;
                }
            }
        }
        return new WholeLungMasks(new BinaryMask(grid, left), new BinaryMask(grid, right));
    }

    /** The mask of {@code lung}, LEFT_LUNG or RIGHT_LUNG. */
    public BinaryMask get(Label lung) {
        return switch (lung) {
            case LEFT_LUNG -> left;
            case RIGHT_LUNG -> right;
            default -> throw new IllegalArgumentException("a whole-lung mask is for LEFT_LUNG or RIGHT_LUNG, not " + lung);
        };
    }
}
