package org.lungseg.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReorientationTest {

    static Stream<String> allOrientations() {
        return AxisCodes.all().stream().map(AxisCodes::toString);
    }

    /** An affine that stores voxels in the given orientation with distinct spacings per axis. */
    static Affine affineFor(String code) {
        AxisCodes codes = AxisCodes.parse(code);
        double[] rows = new double[12];
        double[] spacing = {0.7, 1.3, 2.5};
        for (int v = 0; v < 3; v++) {
            rows[codes.worldAxis()[v] * 4 + v] = (codes.negative()[v] ? -1 : 1) * spacing[v];
        }
        rows[3] = 10;
        rows[7] = -20;
        rows[11] = 30;
        return Affine.ofRows(rows);
    }

    @ParameterizedTest
    @MethodSource("allOrientations")
    void reorientedVoxelsStayAtTheSameWorldPositionAndRoundTripExactly(String code) {
        Grid grid = new Grid(5, 4, 3, affineFor(code));
        assertThat(grid.orientation()).hasToString(code);
        Random random = new Random(code.hashCode());
        byte[] labels = new byte[60];
        random.nextBytes(labels);
        LabelMap source = new LabelMap(grid, labels);

        Reorientation r = Reorientation.toRas(grid);
        LabelMap ras = r.toRas(source);
        assertThat(ras.grid().orientation()).isEqualTo(AxisCodes.RAS);
        for (int z = 0; z < ras.grid().nz(); z++) {
            for (int y = 0; y < ras.grid().ny(); y++) {
                for (int x = 0; x < ras.grid().nx(); x++) {
                    double[] world = ras.grid().affine().apply(x, y, z);
                    int[] src = nearestVoxel(grid, world);
                    assertThat(ras.get(x, y, z)).isEqualTo(source.get(src[0], src[1], src[2]));
                }
            }
        }
        assertThat(r.toSource(ras).labels()).isEqualTo(labels);
        assertThat(r.toSource(ras).grid()).isSameAs(grid);

        float[] values = new float[60];
        for (int i = 0; i < 60; i++) {
            values[i] = labels[i];
        }
        float[] rasValues = r.toRas(new Volume(grid, values)).voxels();
        for (int i = 0; i < 60; i++) {
            assertThat(rasValues[i]).isEqualTo(ras.labels()[i]);
        }
    }

    private static int[] nearestVoxel(Grid grid, double[] world) {
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++) {
                    double[] w = grid.affine().apply(x, y, z);
                    if (Math.abs(w[0] - world[0]) + Math.abs(w[1] - world[1]) + Math.abs(w[2] - world[2]) < 1e-6) {
                        return new int[] {x, y, z};
                    }
                }
            }
        }
        throw new AssertionError("no source voxel at the RAS voxel's world position");
    }
}
