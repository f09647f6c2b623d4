package org.lungseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

class OverlapTest {

    private final Grid grid = Boxes.grid(10, 1, 1, 1);

    @Test
    void twoOverlappingBoxes() {
        // A = [0,4)x[0,4)x[0,4): 64 voxels. B = [2,6)x[1,5)x[0,4): 64. A∩B = [2,4)x[1,4)x[0,4) = 2*3*4 = 24.
        BinaryMask a = Boxes.box(grid, new int[] {0, 0, 0}, new int[] {4, 4, 4});
        BinaryMask b = Boxes.box(grid, new int[] {2, 1, 0}, new int[] {6, 5, 4});
        Overlap o = Overlap.of(a, b);
        assertThat(o.intersection()).isEqualTo(24);
        assertThat(o.union()).isEqualTo(64 + 64 - 24);
        assertThat(o.dice()).isEqualTo(2.0 * 24 / (64 + 64));
        assertThat(o.iou()).isEqualTo(24.0 / 104);
    }

    @Test
    void nestedBoxes() {
        BinaryMask inner = Boxes.cube(grid, 2, 2, 2, 2);
        BinaryMask outer = Boxes.cube(grid, 1, 1, 1, 4);
        assertThat(Overlap.of(inner, outer).dice()).isEqualTo(2.0 * 8 / (8 + 64));
        assertThat(Overlap.of(inner, outer).iou()).isEqualTo(8.0 / 64);
    }

    @Test
    void emptyVersusEmptyIsPerfectAndEmptyVersusSomethingIsZero() {
        BinaryMask empty = new BinaryMask(grid, new boolean[1000]);
        BinaryMask cube = Boxes.cube(grid, 0, 0, 0, 3);
        assertThat(Overlap.of(empty, empty).dice()).isEqualTo(1.0);
        assertThat(Overlap.of(empty, empty).iou()).isEqualTo(1.0);
        assertThat(Overlap.of(empty, cube).dice()).isZero();
        assertThat(Overlap.of(cube, empty).iou()).isZero();
    }

    @Test
    void perLabelOnLabelMaps() {
        Grid g = new Grid(4, 1, 1, Affine.identity());
        LabelMap predicted = new LabelMap(g, new byte[] {1, 1, 2, 3});
        LabelMap reference = new LabelMap(g, new byte[] {1, 2, 2, 2});
        assertThat(Overlap.of(predicted, reference, Label.LEFT_LUNG).dice()).isEqualTo(2.0 / 3);
        assertThat(Overlap.of(predicted, reference, Label.RIGHT_LUNG).iou()).isEqualTo(1.0 / 3);
        assertThat(Overlap.of(predicted, reference, Label.INFECTION).dice()).isZero();
    }

    @Test
    void masksOnDifferentGridsAreRefused() {
        BinaryMask a = Boxes.cube(grid, 0, 0, 0, 2);
        BinaryMask otherDims = new BinaryMask(new Grid(10, 10, 9, Affine.identity()), new boolean[900]);
        BinaryMask otherSpacing = new BinaryMask(Boxes.grid(10, 1, 1, 2), new boolean[1000]);
        assertThatThrownBy(() -> Overlap.of(a, otherDims)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same grid");
        assertThatThrownBy(() -> Overlap.of(a, otherSpacing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SurfaceDice.of(a, otherSpacing, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
