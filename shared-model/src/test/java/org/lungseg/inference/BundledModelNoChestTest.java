package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.inference.IntensityMapping.IntensityStorage;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.Volume;

/**
 * Scans that show no chest, through files and the bundled model: each must come back as an empty
 * mask that says no lung was found, never as an invented lung.
 */
class BundledModelNoChestTest {

    private static Segmenter segmenter;

    @BeforeAll
    static void open() {
        byte[] model = BundledModel.bytes().orElseThrow(() -> new AssertionError("this build carries no bundled model"));
        segmenter = Segmenter.open(model, "default.onnx",
                Segmenter.Options.defaults().withSession(InferenceSession.Options.cpu().withThreads(2)));
    }

    @AfterAll
    static void close() {
        segmenter.close();
    }

    private static Volume filled(int n, double spacingMm, float value) {
        float[] v = new float[n * n * n];
        Arrays.fill(v, value);
        return new Volume(new Grid(n, n, n, Affine.ofSpacing(spacingMm, spacingMm, spacingMm, 0, 0, 0)), v);
    }

    /** Writes the scan, segments the file, and checks the answer is an empty mask that says so. */
    private static SegmentationResult segmentFile(Volume scan, Path dir, String name) {
        Path file = dir.resolve(name);
        NiftiWriter.write(scan, file);
        SegmentationResult r = segmenter.segment(file);
        assertThat(r.labels().grid().sameGeometry(NiftiReader.read(file).grid(), 1e-5)).isTrue();
        assertThat(r.labels().histogram()[0]).as("background voxels").isEqualTo(scan.grid().voxelCount());
        assertThat(r.measurements().leftLungMl() + r.measurements().rightLungMl()).isZero();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("no lung was found"));
        return r;
    }

    @Test
    void aCubeOfAirHasNoLung(@TempDir Path dir) {
        SegmentationResult r = segmentFile(filled(60, 2, -1000), dir, "air.nii.gz");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("no body"));
    }

    @Test
    void aFloatFileOfNothingButNanHasNoLung(@TempDir Path dir) {
        SegmentationResult r = segmentFile(filled(5, 2, Float.NaN), dir, "nan.nii");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("125 voxels were NaN"));
    }

    @Test
    void aCubeOfWaterIsReadAsHounsfieldAndHasNoLung(@TempDir Path dir) {
        SegmentationResult r = segmentFile(filled(60, 2, 0), dir, "water.nii.gz");
        assertThat(r.intensity()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("is mostly air"));
        assertThat(r.warnings()).noneSatisfy(w -> assertThat(w).contains("stored 0..255"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("neither HU nor 0..255"));
    }

    @Test
    void aWaterCylinderInAirHasNoLung(@TempDir Path dir) {
        int n = 80;
        Volume scan = filled(n, 2.5, -1000);
        Grid g = scan.grid();
        // A phantom of soft tissue, 150 mm across, standing in air along the scan's z axis.
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dx = x - (n - 1) / 2.0;
                    double dy = y - (n - 1) / 2.0;
                    if (dx * dx + dy * dy <= 30 * 30) {
                        scan.voxels()[g.index(x, y, z)] = 0;
                    }
                }
            }
        }
        SegmentationResult r = segmentFile(scan, dir, "cylinder.nii.gz");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("of its air lies around the body"));
    }

    /** Tiny blocks once got "the left lung ... merged into" the right one, which was then dropped. */
    @ParameterizedTest
    @CsvSource({"1,1,1,-1000", "2,2,2,-800", "7,3,2,-1000", "1,1,1,40", "2,2,2,40", "7,3,2,40"})
    void aTinyBlockHasNoLungAndNoMergeWarning(int nx, int ny, int nz, float hu, @TempDir Path dir) {
        float[] v = new float[nx * ny * nz];
        Arrays.fill(v, hu);
        Volume scan = new Volume(new Grid(nx, ny, nz, Affine.ofSpacing(0.7, 0.7, 1.5, 0, 0, 0)), v);
        SegmentationResult r = segmentFile(scan, dir, "tiny.nii.gz");
        assertThat(r.warnings()).noneSatisfy(w -> assertThat(w).contains("merged"));
        assertThat(r.warnings()).filteredOn(w -> w.startsWith("no ") && w.contains("lung was found")).hasSize(1);
    }
}
