package org.lungseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.label.LabelMasks;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

/** Two box "lungs" along x: left x in [0,10), right x in [20,30); infection carved out of each. */
class WholeLungMasksTest {

    private final Grid grid = new Grid(30, 10, 10, Affine.ofSpacing(1.2, 0.8, 2.5, 0, 0, 0));

    private LabelMap lungsWithInfection() {
        byte[] labels = new byte[(int) grid.voxelCount()];
        fill(labels, 0, 10, 0, 10, 0, 10, Label.LEFT_LUNG);
        fill(labels, 20, 30, 0, 10, 0, 10, Label.RIGHT_LUNG);
        fill(labels, 3, 6, 3, 6, 3, 6, Label.INFECTION);     // inside the left lung
        fill(labels, 26, 30, 0, 4, 7, 10, Label.INFECTION);  // at the right lung's corner
        return new LabelMap(grid, labels);
    }

    private void fill(byte[] labels, int x0, int x1, int y0, int y1, int z0, int z1, Label label) {
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    labels[grid.index(x, y, z)] = (byte) label.value();
                }
            }
        }
    }

    private BinaryMask box(int x0, int x1) {
        return Boxes.box(grid, new int[] {x0, 0, 0}, new int[] {x1, 10, 10});
    }

    @Test
    void infectionCountsTowardTheLungItLiesIn() {
        LabelMap map = lungsWithInfection();
        assertThat(WholeLungMasks.of(map).left().voxels()).isEqualTo(box(0, 10).voxels());
        assertThat(WholeLungMasks.of(map).right().voxels()).isEqualTo(box(20, 30).voxels());
        assertThat(LabelMasks.of(map, Label.LEFT_LUNG).count()).as("label value alone").isEqualTo(1000 - 27);
    }

    @Test
    void withoutInfectionTheWholeLungIsItsLabel() {
        byte[] labels = new byte[(int) grid.voxelCount()];
        fill(labels, 0, 10, 0, 10, 0, 10, Label.LEFT_LUNG);
        LabelMap map = new LabelMap(grid, labels);
        assertThat(WholeLungMasks.of(map).left().voxels()).isEqualTo(box(0, 10).voxels());
        assertThat(WholeLungMasks.of(map).right().count()).isZero();
    }

    @Test
    void withOneLungAllInfectionGoesToIt() {
        byte[] labels = new byte[(int) grid.voxelCount()];
        fill(labels, 20, 30, 0, 10, 0, 10, Label.RIGHT_LUNG);
        fill(labels, 20, 23, 0, 10, 0, 10, Label.INFECTION);
        LabelMap map = new LabelMap(grid, labels);
        assertThat(WholeLungMasks.of(map).right().voxels()).isEqualTo(box(20, 30).voxels());
        assertThat(WholeLungMasks.of(map).left().count()).isZero();
    }

    @Test
    void infectionWithoutLungsBelongsToNeither() {
        byte[] labels = new byte[(int) grid.voxelCount()];
        fill(labels, 5, 8, 5, 8, 5, 8, Label.INFECTION);
        LabelMap map = new LabelMap(grid, labels);
        assertThat(WholeLungMasks.of(map).left().count()).isZero();
        assertThat(WholeLungMasks.of(map).right().count()).isZero();
    }

    @Test
    void givesMasksByLabel() {
        WholeLungMasks lungs = WholeLungMasks.of(lungsWithInfection());
        assertThat(lungs.get(Label.LEFT_LUNG)).isSameAs(lungs.left());
        assertThat(lungs.get(Label.RIGHT_LUNG)).isSameAs(lungs.right());
        assertThatThrownBy(() -> lungs.get(Label.INFECTION)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInfectedVoxelBetweenTheLungsGoesToTheNearerInMillimetres() {
        // One infected voxel at x = 14, y = 5, z = 5 between the lungs: 5 voxels from the left lung
        // (x = 9) and 6 from the right (x = 20) along x, so the left lung when x spacing is uniform.
        byte[] labels = lungsWithInfection().labels();
        labels[grid.index(14, 5, 5)] = (byte) Label.INFECTION.value();
        WholeLungMasks lungs = WholeLungMasks.of(new LabelMap(grid, labels));
        assertThat(lungs.left().voxels()[grid.index(14, 5, 5)]).isTrue();
        assertThat(lungs.right().voxels()[grid.index(14, 5, 5)]).isFalse();
    }

    @Test
    void evaluationScoresWholeLungsOrLabelValues() {
        LabelMap reference = lungsWithInfection();
        // Prediction: the same lungs, but the left lung's infection missed (labelled plain left lung).
        byte[] predictedLabels = reference.labels().clone();
        for (int i = 0; i < predictedLabels.length; i++) {
            int x = i % 30;
            if (predictedLabels[i] == Label.INFECTION.value() && x < 10) {
                predictedLabels[i] = (byte) Label.LEFT_LUNG.value();
            }
        }
        LabelMap predicted = new LabelMap(grid, predictedLabels);

        List<ClassScore> whole = LabelMapEvaluation.wholeLungs(predicted, reference);
        assertThat(whole).extracting(ClassScore::name).containsExactly("left lung", "right lung", "infection");
        assertThat(whole.get(0).dice()).as("whole left lung unchanged").isEqualTo(1.0);
        assertThat(whole.get(1).dice()).isEqualTo(1.0);
        // Infection: reference 27 (3x3x3) + 48 (4x4x3) voxels, prediction only the 48 at the right lung.
        assertThat(whole.get(2).dice()).isEqualTo(2.0 * 48 / (75 + 48));

        List<ClassScore> byValue = LabelMapEvaluation.perLabelValue(predicted, reference);
        // Left lung by value: reference 973 voxels, prediction 1000 containing them.
        assertThat(byValue.get(0).dice()).isEqualTo(2.0 * 973 / (973 + 1000));
        assertThat(byValue.get(0).nsdToleranceMm()).isEqualTo(1.0);
        assertThat(byValue.get(2).nsdToleranceMm()).isEqualTo(3.0);
        double voxelMl = grid.voxelVolumeMm3() / 1000;
        assertThat(byValue.get(0).referenceMl()).isEqualTo(973 * voxelMl);
        assertThat(LabelMapEvaluation.volumeMl(reference, Label.INFECTION)).isEqualTo(75 * voxelMl);
    }

    @Test
    void classesAbsentFromBothMapsScoreOne() {
        byte[] labels = new byte[(int) grid.voxelCount()];
        fill(labels, 0, 10, 0, 10, 0, 10, Label.LEFT_LUNG);
        LabelMap map = new LabelMap(grid, labels);
        for (ClassScore s : LabelMapEvaluation.perLabelValue(map, map)) {
            assertThat(s.dice()).isEqualTo(1.0);
            assertThat(s.iou()).isEqualTo(1.0);
            assertThat(s.nsd()).isEqualTo(1.0);
            assertThat(s.volumeErrorPercent()).isZero();
        }
    }
}
