package org.lungseg.metrics;

import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.label.LabelMasks;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

/**
 * Masks of a whole lung, infected part included, from a label map where infection (3) replaces
 * the lung label. A map does not say which lung an infected voxel lies in, so it is given to the
 * lung whose labelled voxels are nearer (Euclidean, in mm); a voxel exactly as near to both, or
 * in a map with no lung labels at all, is given to neither.
 */
public final class WholeLungMasks {

    private WholeLungMasks() {
    }

    /** Voxels of {@code lung} plus the infection nearer to it than to the other lung. */
    public static BinaryMask of(LabelMap map, Label lung) {
        if (!lung.isLung()) {
            throw new IllegalArgumentException("a whole-lung mask is for LEFT_LUNG or RIGHT_LUNG, not " + lung);
        }
        Label otherLung = lung == Label.LEFT_LUNG ? Label.RIGHT_LUNG : Label.LEFT_LUNG;
        boolean[] self = LabelMasks.of(map, lung).voxels();
        boolean[] infection = LabelMasks.of(map, Label.INFECTION).voxels();
        Grid grid = map.grid();
        if (map.histogram()[Label.INFECTION.value()] == 0) {
            return new BinaryMask(grid, self);
        }
        boolean[] other = LabelMasks.of(map, otherLung).voxels();
        BoundingBox box = BoundingBox.of(grid, self, other, infection);
        float[] toSelf = DistanceTransform.squaredDistances(box.crop(self), box.dims(), grid.spacing());
        float[] toOther = DistanceTransform.squaredDistances(box.crop(other), box.dims(), grid.spacing());
        boolean[] infectionBox = box.crop(infection);
        for (int b = 0; b < infectionBox.length; b++) {
            if (infectionBox[b] && toSelf[b] < toOther[b]) {
                self[box.toGrid(b)] = true;
            }
        }
        return new BinaryMask(grid, self);
    }
}
