package org.lungseg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.volume.Grid;

/**
 * Expected values come from the geometry of cubes: a cube of side L voxels has
 * L³ - (L-2)³ surface voxels, and a copy shifted by d voxels along x shares the side faces' ring
 * of 4L - 4 voxels over the L - d slices where both exist.
 */
class SurfaceDiceTest {

    private static final int L = 10;

    private static int surfaceVoxels(int side) {
        return side * side * side - (side - 2) * (side - 2) * (side - 2);
    }

    @Test
    void identicalMasksScoreOne() {
        Grid g = Boxes.grid(20, 0.7, 0.7, 2.5);
        BinaryMask cube = Boxes.cube(g, 3, 4, 5, L);
        assertThat(SurfaceDice.of(cube, cube, 0.0)).isEqualTo(1.0);
        BinaryMask blob = randomBlob(g, new Random(5));
        assertThat(SurfaceDice.of(blob, blob, 0.0)).isEqualTo(1.0);
    }

    @Test
    void shiftedCubeIsWithinToleranceOnceTheToleranceCoversTheShift() {
        // Shift by d = 2 voxels of 1.5 mm along x: every surface voxel has its shifted twin 3 mm away.
        Grid g = Boxes.grid(20, 1.5, 1, 1);
        BinaryMask a = Boxes.cube(g, 2, 2, 2, L);
        BinaryMask b = Boxes.cube(g, 4, 2, 2, L);
        assertThat(SurfaceDice.of(a, b, 3.1)).isEqualTo(1.0);
        // Below the smallest spacing only voxels on both surfaces count: the shared ring.
        double shared = (L - 2) * (4.0 * L - 4) / surfaceVoxels(L);
        assertThat(SurfaceDice.of(a, b, 0.9)).isEqualTo(shared);
        double between = SurfaceDice.of(a, b, 2.0);
        assertThat(between).isGreaterThan(shared).isLessThan(1.0);
    }

    @Test
    void anisotropicSpacingDecidesWhatIsWithinTolerance() {
        // Shift by one voxel along x, tolerance 2 mm.
        Grid fineX = Boxes.grid(20, 1, 3, 3);
        assertThat(SurfaceDice.of(Boxes.cube(fineX, 2, 2, 2, L), Boxes.cube(fineX, 3, 2, 2, L), 2.0))
                .as("1 mm shift, 2 mm tolerance").isEqualTo(1.0);

        Grid coarseX = Boxes.grid(20, 3, 1, 1);
        // With 3 mm along x, A's face x = 0 (L² voxels) is 3 mm from anything of B. A's face x = L-1
        // lies inside B except its ring; an inner voxel there is min(y, z, L-1-y, L-1-z) mm from B's
        // side faces, within 2 mm except the (L-6)² central ones. B mirrors A.
        double expected = 1.0 - (double) (L * L + (L - 6) * (L - 6)) / surfaceVoxels(L);
        assertThat(SurfaceDice.of(Boxes.cube(coarseX, 2, 2, 2, L), Boxes.cube(coarseX, 3, 2, 2, L), 2.0))
                .as("3 mm shift, 2 mm tolerance").isCloseTo(expected, within(1e-12));
    }

    @Test
    void isSymmetric() {
        Random random = new Random(9);
        Grid g = Boxes.grid(24, 0.8, 1.1, 2.0);
        BinaryMask a = randomBlob(g, random);
        BinaryMask b = randomBlob(g, random);
        assertThat(SurfaceDice.of(a, b, 1.5)).isEqualTo(SurfaceDice.of(b, a, 1.5)).isBetween(0.0, 1.0);
    }

    @Test
    void emptySurfaces() {
        Grid g = Boxes.grid(8, 1, 1, 1);
        BinaryMask empty = new BinaryMask(g, new boolean[512]);
        BinaryMask cube = Boxes.cube(g, 1, 1, 1, 3);
        assertThat(SurfaceDice.of(empty, empty, 1.0)).isEqualTo(1.0);
        assertThat(SurfaceDice.of(cube, empty, 1.0)).isZero();
        assertThat(SurfaceDice.of(empty, cube, 100.0)).isZero();
    }

    @Test
    void maskFillingTheGridHasItsBorderAsSurface() {
        Grid g = Boxes.grid(6, 1, 1, 1);
        BinaryMask all = Boxes.cube(g, 0, 0, 0, 6);
        BinaryMask inner = Boxes.cube(g, 1, 1, 1, 4);
        assertThat(SurfaceDice.surface(all).length).isEqualTo(216);
        assertThat(new BinaryMask(g, SurfaceDice.surface(all)).count()).isEqualTo(surfaceVoxels(6));
        // Inner surface voxels all touch the border layer (1 mm); of the border, the face interiors
        // (6 faces of 4 x 4) are 1 mm from the inner cube, edges sqrt(2) mm and corners sqrt(3) mm.
        assertThat(SurfaceDice.of(all, inner, 1.0))
                .isCloseTo((6.0 * 16 + surfaceVoxels(4)) / (surfaceVoxels(6) + surfaceVoxels(4)), within(1e-12));
        assertThat(SurfaceDice.of(all, inner, Math.sqrt(3) + 1e-6)).isEqualTo(1.0);
        assertThat(SurfaceDice.of(all, inner, 0.5)).isZero();
    }

    @Test
    void benchmarkTolerances() {
        assertThat(SurfaceDice.benchmarkToleranceMm(Label.LEFT_LUNG)).isEqualTo(1.0);
        assertThat(SurfaceDice.benchmarkToleranceMm(Label.RIGHT_LUNG)).isEqualTo(1.0);
        assertThat(SurfaceDice.benchmarkToleranceMm(Label.INFECTION)).isEqualTo(3.0);
        assertThatThrownBy(() -> SurfaceDice.benchmarkToleranceMm(Label.BACKGROUND))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNegativeOrNaNTolerance() {
        BinaryMask cube = Boxes.cube(Boxes.grid(5, 1, 1, 1), 1, 1, 1, 2);
        assertThatThrownBy(() -> SurfaceDice.of(cube, cube, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SurfaceDice.of(cube, cube, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A union of a few random balls. */
    private static BinaryMask randomBlob(Grid g, Random random) {
        boolean[] v = new boolean[(int) g.voxelCount()];
        for (int ball = 0; ball < 3; ball++) {
            double cx = random.nextInt(g.nx());
            double cy = random.nextInt(g.ny());
            double cz = random.nextInt(g.nz());
            double r = 2 + random.nextInt(5);
            for (int z = 0; z < g.nz(); z++) {
                for (int y = 0; y < g.ny(); y++) {
                    for (int x = 0; x < g.nx(); x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= r * r) {
                            v[g.index(x, y, z)] = true;
                        }
                    }
                }
            }
        }
        return new BinaryMask(g, v);
    }
}
