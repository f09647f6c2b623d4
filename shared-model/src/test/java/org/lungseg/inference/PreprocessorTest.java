package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;
import org.lungseg.volume.Volume;

class PreprocessorTest {

    private static Volume randomRas(int nx, int ny, int nz, long seed) {
        Grid g = new Grid(nx, ny, nz, Affine.ofSpacing(0.8, 1.1, 2.5, -40, 12, 300));
        float[] v = new float[nx * ny * nz];
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = -1300 + 1700 * r.nextFloat();
        }
        return new Volume(g, v);
    }

    @Test
    void aScanOnTheNetworkGridPassesThroughWithWFastest() {
        Volume scan = randomRas(8, 6, 5, 1);
        ModelCard card = TestModels.card(new GridSize(8, 6, 5));
        NetworkInput in = new Preprocessor(card).prepare(scan);
        IntensityMapping m = in.intensity();
        assertThat(in.space().isCropped()).isFalse();
        for (int i = 0; i < scan.voxels().length; i++) {
            assertThat(in.image()[i]).isEqualTo(m.normalize(scan.voxels()[i]));
        }
    }

    @Test
    void downsamplingUsesHalfVoxelAlignment() {
        // 4 voxels to 2: network voxel 0 sits at source coordinate 0.5, between voxels 0 and 1.
        Grid g = new Grid(4, 1, 1, Affine.identity());
        Volume scan = new Volume(g, new float[] {-1250, -950, -500, 250});
        NetworkInput in = new Preprocessor(TestModels.card(new GridSize(2, 1, 1))).prepare(scan);
        assertThat(in.image()[0]).isCloseTo(0.1f, within(1e-6f));
        assertThat(in.image()[1]).isCloseTo((0.5f + 1f) / 2, within(1e-6f));
    }

    @Test
    void upsamplingClampsAtTheEdges() {
        Grid g = new Grid(2, 1, 1, Affine.identity());
        Volume scan = new Volume(g, new float[] {-1250, 250});
        float[] img = new Preprocessor(TestModels.card(new GridSize(4, 1, 1))).prepare(scan).image();
        assertThat(img).containsExactly(0f, 0.25f, 0.75f, 1f);
    }

    static Stream<String> orientations() {
        return Storage.allOrientations().stream();
    }

    @ParameterizedTest
    @MethodSource("orientations")
    void everyStorageOrientationGivesTheSameNetworkImage(String code) {
        Volume ras = randomRas(7, 6, 5, 2);
        ModelCard card = TestModels.card(new GridSize(4, 5, 6));
        float[] expected = new Preprocessor(card).prepare(ras).image();
        Volume stored = Storage.reorient(ras, code);
        assertThat(stored.grid().orientation()).hasToString(code);
        assertThat(new Preprocessor(card).prepare(stored).image()).isEqualTo(expected);
    }

    @Test
    void aRealLpsScanAndItsRasAndPlsCopiesGiveTheSameNetworkImage() {
        Volume lps = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        assertThat(lps.grid().orientation()).hasToString("LPS");
        Preprocessor p = new Preprocessor(TestModels.card(new GridSize(32, 32, 32)));
        float[] expected = p.prepare(lps).image();
        for (String code : List.of("RAS", "PLS", "SRP")) {
            assertThat(p.prepare(Storage.reorient(lps, code)).image()).as(code).isEqualTo(expected);
        }
    }

    /** The scan in the middle of a wider field of view: {@code margin} voxels of air on each in-plane side. */
    static Volume padded(Volume scan, int margin) {
        Grid g = scan.grid();
        double[] origin = g.affine().apply(-margin, -margin, 0);
        double[] rows = g.affine().rows();
        rows[3] = origin[0];
        rows[7] = origin[1];
        rows[11] = origin[2];
        int nx = g.nx() + 2 * margin;
        int ny = g.ny() + 2 * margin;
        Grid big = new Grid(nx, ny, g.nz(), Affine.ofRows(rows));
        float[] v = new float[nx * ny * g.nz()];
        java.util.Arrays.fill(v, -1000f);
        for (int z = 0; z < g.nz(); z++) {
            for (int y = 0; y < g.ny(); y++) {
                System.arraycopy(scan.voxels(), g.index(0, y, z), v, big.index(margin, y + margin, z), g.nx());
            }
        }
        return new Volume(big, v);
    }

    @Test
    void theBodyCropDropsTheAirAroundThePatientAndKeepsEveryLungVoxel() {
        Volume original = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        LabelMap lungs = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        int margin = 20;
        Volume ct = padded(original, margin);
        ModelCard card = TestModels.card(new GridSize(32, 32, 32), Crop.BODY,
                List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG));
        NetworkSpace space = new Preprocessor(card).prepare(ct).space();
        assertThat(space.isCropped()).isTrue();
        int[] start = space.cropStart();
        int[] size = space.cropSize();
        // LPS storage: RAS index = (n - 1 - stored index) in x and y; the padding is symmetric.
        for (int a = 0; a < 2; a++) {
            assertThat(start[a]).isBetween(margin - 2, margin + 8);
            assertThat(size[a]).isBetween(original.grid().dim(a) - 16, original.grid().dim(a) + 4);
        }
        LabelMap ras = Reorientation.toRas(lungs.grid()).toRas(lungs);
        Grid g = ras.grid();
        for (int z = 0, i = 0; z < g.nz(); z++) {
            for (int y = 0; y < g.ny(); y++) {
                for (int x = 0; x < g.nx(); x++, i++) {
                    if (ras.labels()[i] != 0) {
                        assertThat(x + margin).isBetween(start[0], start[0] + size[0] - 1);
                        assertThat(y + margin).isBetween(start[1], start[1] + size[1] - 1);
                        assertThat(z).isBetween(start[2], start[2] + size[2] - 1);
                    }
                }
            }
        }
    }
}
