package org.lungseg.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

class NpyScansTest {

    private static float hu(int a0, int a1, int a2) {
        return -1000 + a0 * 100 + a1 * 10 + a2;
    }

    /** A C-order float32 .npy of shape (d0, d1, d2) whose element [a0, a1, a2] is hu(a0, a1, a2). */
    private static NpyArray cOrderArray(int d0, int d1, int d2) {
        float[] c = new float[d0 * d1 * d2];
        int p = 0;
        for (int a0 = 0; a0 < d0; a0++) {
            for (int a1 = 0; a1 < d1; a1++) {
                for (int a2 = 0; a2 < d2; a2++) {
                    c[p++] = hu(a0, a1, a2);
                }
            }
        }
        String shape = "(" + d0 + ", " + d1 + ", " + d2 + ")";
        return new NpyReader().read(NpyBytes.v1(NpyBytes.dict("<f4", false, shape), NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, c)), "a.npy");
    }

    @Test
    void xyzLayoutMakesArrayAxisZeroTheGridX() {
        Volume v = NpyScans.toVolume(cOrderArray(4, 3, 2), NpyGeometry.DEFAULT);
        assertThat(v.grid().dims()).containsExactly(4, 3, 2);
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 3; y++) {
                for (int z = 0; z < 2; z++) {
                    assertThat(v.get(x, y, z)).isEqualTo(hu(x, y, z));
                }
            }
        }
    }

    @Test
    void zyxLayoutMakesTheLastArrayAxisTheGridX() {
        NpyGeometry zyx = new NpyGeometry(NpyGeometry.Axes.ZYX, Affine.identity());
        Volume v = NpyScans.toVolume(cOrderArray(2, 3, 4), zyx);
        assertThat(v.grid().dims()).containsExactly(4, 3, 2);
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 3; y++) {
                for (int z = 0; z < 2; z++) {
                    assertThat(v.get(x, y, z)).isEqualTo(hu(z, y, x));
                }
            }
        }
    }

    @Test
    void defaultGeometryIsOneMillimetreRasAtTheOrigin() {
        Grid g = NpyScans.toVolume(cOrderArray(4, 3, 2), NpyGeometry.DEFAULT).grid();
        assertThat(g.spacing()).containsExactly(1.0, 1.0, 1.0);
        assertThat(g.orientation().isRas()).isTrue();
        assertThat(g.affine().apply(0, 0, 0)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void aGivenAffineIsKept() {
        Affine lps = Affine.ofRows(-0.7, 0, 0, 100, 0, -0.7, 0, 120, 0, 0, 2.5, -300);
        Grid g = NpyScans.toVolume(cOrderArray(4, 3, 2), new NpyGeometry(NpyGeometry.Axes.XYZ, lps)).grid();
        assertThat(g.affine()).isEqualTo(lps);
        assertThat(g.orientation()).hasToString("LPS");
    }

    @ParameterizedTest
    @EnumSource(NpyGeometry.Axes.class)
    void volumesAndLabelMapsRoundTripInEitherLayout(NpyGeometry.Axes axes) {
        Grid grid = new Grid(5, 4, 3, Affine.identity());
        float[] voxels = new float[60];
        byte[] labels = new byte[60];
        for (int i = 0; i < 60; i++) {
            voxels[i] = i * 3.5f - 1000;
            labels[i] = (byte) (i % 4);
        }
        NpyGeometry geometry = new NpyGeometry(axes, Affine.identity());
        NpyArray scanArray = new NpyReader().read(NpyWriter.toBytes(NpyScans.fromVolume(new Volume(grid, voxels), axes)), "s.npy");
        NpyArray maskArray = new NpyReader().read(NpyWriter.toBytes(NpyScans.fromLabelMap(new LabelMap(grid, labels), axes)), "m.npy");
        assertThat(scanArray.shape()).containsExactly(axes == NpyGeometry.Axes.XYZ ? new int[] {5, 4, 3} : new int[] {3, 4, 5});
        assertThat(NpyScans.toVolume(scanArray, geometry).voxels()).containsExactly(voxels);
        assertThat(NpyScans.toLabelMap(maskArray, geometry).labels()).containsExactly(labels);
    }

    @Test
    void booleanMasksBecomeLabelsZeroAndOne() {
        byte[] payload = {0, 1, 1, 0, 1, 0, 0, 1};
        NpyArray mask = new NpyReader().read(NpyBytes.v1(NpyBytes.dict("|b1", true, "(2, 2, 2)"), payload), "b.npy");
        assertThat(NpyScans.toLabelMap(mask, NpyGeometry.DEFAULT).labels()).containsExactly(payload);
    }

    @ParameterizedTest
    @ValueSource(floats = {2.5f, -1f, 256f, Float.NaN})
    void refusesLabelValuesThatAreNotBytes(float bad) {
        NpyArray a = new NpyReader().read(NpyBytes.v1(NpyBytes.dict("<f4", false, "(1, 1, 2)"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, 1, bad)), "m.npy");
        assertThatThrownBy(() -> NpyScans.toLabelMap(a, NpyGeometry.DEFAULT))
                .isInstanceOf(InvalidScanException.class).hasMessageContaining("not an integer 0..255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(4, 4)", "(2, 2, 2, 2)", "(0, 4, 4)"})
    void refusesArraysThatAreNotAThreeDimensionalScan(String shape) {
        int n = shape.equals("(4, 4)") ? 16 : shape.startsWith("(0") ? 0 : 16;
        NpyArray a = new NpyReader().read(NpyBytes.v1(NpyBytes.dict("<f4", false, shape), new byte[4 * n]), "x.npy");
        assertThatThrownBy(() -> NpyScans.toVolume(a, NpyGeometry.DEFAULT)).isInstanceOf(InvalidScanException.class);
    }

    @Test
    void nonFiniteVoxelsBecomeTheLowestValueWithAWarning() {
        NpyArray a = new NpyReader().read(NpyBytes.v1(NpyBytes.dict("<f4", true, "(1, 2, 2)"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, -1000, Float.NaN, 40, Float.POSITIVE_INFINITY)), "n.npy");
        Volume v = NpyScans.toVolume(a, NpyGeometry.DEFAULT);
        assertThat(v.voxels()).containsExactly(-1000, -1000, 40, -1000);
        assertThat(v.warnings()).singleElement().asString().contains("2 NaN or infinite");
    }
}
