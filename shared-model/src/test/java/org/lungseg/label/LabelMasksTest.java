package org.lungseg.label;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

class LabelMasksTest {

    private final Grid grid = new Grid(3, 2, 2, Affine.ofSpacing(2, 3, 4, 0, 0, 0));
    private final LabelMap map = new LabelMap(grid, new byte[] {0, 1, 1, 2, 3, 3, 1, 0, 2, 2, 2, (byte) 200});

    @Test
    void selectsVoxelsByLabelValue() {
        assertThat(LabelMasks.of(map, Label.LEFT_LUNG).voxels())
                .containsExactly(false, true, true, false, false, false, true, false, false, false, false, false);
        assertThat(LabelMasks.of(map, Label.LEFT_LUNG, Label.INFECTION).count()).isEqualTo(5);
        assertThat(LabelMasks.ofValues(map, 200).count()).as("values above 127").isEqualTo(1);
    }

    @Test
    void volumeIsVoxelCountTimesVoxelVolume() {
        // 4 right-lung voxels of 2 x 3 x 4 mm = 24 mm3 each.
        assertThat(LabelMasks.of(map, Label.RIGHT_LUNG).volumeMl()).isEqualTo(4 * 24 / 1000.0);
    }
}
