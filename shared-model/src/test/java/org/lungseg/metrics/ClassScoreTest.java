package org.lungseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lungseg.label.BinaryMask;
import org.lungseg.volume.Grid;

class ClassScoreTest {

    private final Grid grid = Boxes.grid(10, 2, 1, 1); // 2 mm³ voxels

    @Test
    void volumesAndVolumeError() {
        BinaryMask reference = Boxes.box(grid, new int[] {0, 0, 0}, new int[] {4, 4, 4}); // 64 voxels
        BinaryMask predicted = Boxes.box(grid, new int[] {0, 0, 0}, new int[] {4, 4, 5}); // 80 voxels
        ClassScore s = ClassScore.of("left lung", predicted, reference, 1.0);
        assertThat(s.name()).isEqualTo("left lung");
        assertThat(s.referenceMl()).isCloseTo(64 * 2 / 1000.0, within(1e-12));
        assertThat(s.predictedMl()).isCloseTo(80 * 2 / 1000.0, within(1e-12));
        assertThat(s.volumeErrorPercent()).isCloseTo(25.0, within(1e-12));
        assertThat(s.dice()).isEqualTo(2.0 * 64 / 144);
        assertThat(s.iou()).isEqualTo(64.0 / 80);
        assertThat(s.nsdToleranceMm()).isEqualTo(1.0);
        assertThat(s.nsd()).isBetween(0.0, 1.0);
    }

    @Test
    void emptyReference() {
        BinaryMask empty = new BinaryMask(grid, new boolean[1000]);
        BinaryMask cube = Boxes.cube(grid, 0, 0, 0, 2);
        ClassScore bothEmpty = ClassScore.of("infection", empty, empty, 3.0);
        assertThat(bothEmpty.dice()).isEqualTo(1.0);
        assertThat(bothEmpty.nsd()).isEqualTo(1.0);
        assertThat(bothEmpty.volumeErrorPercent()).isZero();
        ClassScore falsePositive = ClassScore.of("infection", cube, empty, 3.0);
        assertThat(falsePositive.dice()).isZero();
        assertThat(falsePositive.volumeErrorPercent()).isNaN();
    }
}
