package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;

class MemoryBudgetTest {

    private static final ModelCard CARD = TestModels.card(new GridSize(128, 128, 128));

    @Test
    void theEstimateCountsScanLabelsAndRegionPerVoxelPlusTheNetworkTensors() {
        Grid g = new Grid(512, 512, 600, Affine.identity());
        long perVoxel = 512L * 512 * 600 * 6;
        long network = 2L * 4 * 128 * 128 * 128 * 4;
        assertThat(MemoryBudget.estimate(g, CARD)).isBetween(perVoxel + network, perVoxel + network + (32L << 20));
        // The design's large scan fits a 2 GiB heap by this estimate.
        assertThat(MemoryBudget.estimate(g, CARD)).isLessThan((long) (0.85 * (2L << 30)));
    }

    @Test
    void theRefusalSaysWhatWasNeededAndWhatToDo() {
        Grid g = new Grid(1024, 1024, 1000, Affine.identity());
        assertThatThrownBy(() -> new MemoryBudget(2L << 30).check(g, CARD, "huge.nii.gz"))
                .isInstanceOf(ScanTooLargeException.class)
                .hasMessageContaining("huge.nii.gz is too large to segment here: 1024x1024x1000 voxels")
                .hasMessageContaining("need about 5.9 GiB")
                .hasMessageContaining("limit of 2.0 GiB")
                .hasMessageContaining("-Xmx");
        new MemoryBudget(8L << 30).check(g, CARD, "huge.nii.gz");
    }

    @Test
    void theDefaultLimitFollowsTheHeap() {
        assertThat(MemoryBudget.ofHeap().limitBytes())
                .isEqualTo((long) (Runtime.getRuntime().maxMemory() * MemoryBudget.DEFAULT_HEAP_SHARE));
    }
}
