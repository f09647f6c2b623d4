package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.dicom.DicomReadOptions;
import org.lungseg.dicom.DicomSeriesReader;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** Scans at the edges: NaN voxels, single slices, tiny grids, concurrent callers, the memory limit. */
class SegmenterEdgeCasesTest {

    private static final GridSize GRID = new GridSize(64, 64, 64);
    private static Segmenter segmenter;

    @BeforeAll
    static void open() {
        segmenter = Segmenter.open(TestModels.darkInsideBody(TestModels.card(GRID)), "finder.onnx",
                Segmenter.Options.defaults().withSession(InferenceSession.Options.cpu().withThreads(2)));
    }

    @AfterAll
    static void close() {
        segmenter.close();
    }

    private static Volume ct64() {
        return NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
    }

    /** Writes the scan as NIfTI (float32 where it holds NaN) and segments the file, as a user would. */
    private static SegmentationResult segmentFile(Volume scan, Path dir, String name) {
        Path file = dir.resolve(name);
        NiftiWriter.write(scan, file);
        return segmenter.segment(file);
    }

    @Test
    void nanVoxelsCountAsAirAndTheLungsAreStillFound(@TempDir Path dir) {
        Volume ct = ct64();
        LabelMap truth = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        float[] v = ct.voxels().clone();
        Grid g = ct.grid();
        // A block of NaN in the middle of the body (as a broken float export might hold).
        for (int z = 30; z < 34; z++) {
            for (int y = 20; y < 44; y++) {
                for (int x = 20; x < 44; x++) {
                    v[g.index(x, y, z)] = Float.NaN;
                }
            }
        }
        SegmentationResult r = segmentFile(new Volume(g, v), dir, "nan-block.nii.gz");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("2304 voxels were NaN or infinite"));
        assertThat(Overlap.dice(r.labels(), new int[] {1, 2, 3}, truth, new int[] {1, 2})).isGreaterThan(0.8);
    }

    @Test
    void aScanOfNothingButNanGivesAnEmptyMaskAndWarnings(@TempDir Path dir) {
        Grid g = new Grid(20, 20, 10, Affine.ofSpacing(2, 2, 5, 0, 0, 0));
        float[] v = new float[4000];
        Arrays.fill(v, Float.NaN);
        SegmentationResult r = segmentFile(new Volume(g, v), dir, "nan.nii");
        assertThat(r.labels().histogram()[0]).isEqualTo(4000);
        assertThat(r.warnings()).contains("4000 voxels were NaN or infinite and were set to air (-1000)",
                "no lung was found: there is no body in the scan (0.0% of its voxels are above -500 HU)");
    }

    @Test
    void oneAxialSliceOfARealChestIsSegmentedWithAWarning(@TempDir Path dir) {
        Volume ct = ct64();
        Grid g = ct.grid();
        int z = 40;
        double[] origin = g.affine().apply(0, 0, z);
        double[] rows = g.affine().rows();
        rows[3] = origin[0];
        rows[7] = origin[1];
        rows[11] = origin[2];
        Grid slice = new Grid(g.nx(), g.ny(), 1, Affine.ofRows(rows));
        float[] v = Arrays.copyOfRange(ct.voxels(), g.index(0, 0, z), g.index(0, 0, z + 1));
        SegmentationResult r = segmentFile(new Volume(slice, v), dir, "slice.nii.gz");
        assertThat(r.labels().grid().sameGeometry(slice, 1e-4)).isTrue();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("covers only 4.0 mm"));
        assertThat(r.measurements().leftVoxels()).isPositive();
        assertThat(r.measurements().rightVoxels()).isPositive();
        assertThat(Overlap.centroid(r.labels(), 1)[0]).isLessThan(Overlap.centroid(r.labels(), 2)[0]);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,-1000", "1,1,1,40", "2,2,2,-800", "3,1,1,-900", "1,5,1,0", "7,3,2,-1000"})
    void tinyGridsGiveAnAnswerOnTheirGridWithAWarning(int nx, int ny, int nz, float hu) {
        Grid g = new Grid(nx, ny, nz, Affine.ofSpacing(0.7, 0.7, 1.5, 0, 0, 0));
        float[] v = new float[nx * ny * nz];
        Arrays.fill(v, hu);
        SegmentationResult r = segmenter.segment(new Volume(g, v));
        assertThat(r.labels().grid()).isEqualTo(g);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("the scan covers only"));
        // A uniform block holds no lung: the answer is an empty mask that says so, not an invented lung.
        assertThat(r.labels().histogram()[0]).isEqualTo(g.voxelCount());
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("no lung was found"));
    }

    @Test
    void concurrentCallsOnOneSegmenterGiveIdenticalMasks() throws Exception {
        List<Volume> scans = List.of(ct64(), NiftiReader.read(RealData.file("elastix-right-lung/ct.nii.gz")),
                Storage.reorient(ct64(), "PLS"));
        List<byte[]> expected = new ArrayList<>();
        for (Volume s : scans) {
            expected.add(segmenter.segment(s).labels().labels());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Volume s : scans) {
                    futures.add(pool.submit(() -> segmenter.segment(s).labels().labels()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(expected.get(i % scans.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aScanAboveTheMemoryLimitIsRefusedFromItsHeaderBeforeDecoding(@TempDir Path dir) throws IOException {
        byte[] file = Files.readAllBytes(RealData.file("cip-ct64/ct.nii.gz"));
        // Cut the voxel data short: decoding would fail, so a refusal naming the size proves it came first.
        Path truncated = dir.resolve("big.nii.gz");
        Files.write(truncated, Arrays.copyOf(file, file.length / 2));
        long tight = MemoryBudget.estimate(ct64().grid(), segmenter.card()) - 1;
        try (Segmenter small = Segmenter.open(TestModels.darkInsideBody(TestModels.card(GRID)), "finder.onnx",
                Segmenter.Options.defaults().withMemory(new MemoryBudget(tight)))) {
            assertThatThrownBy(() -> small.segment(truncated))
                    .isInstanceOf(ScanTooLargeException.class)
                    .isInstanceOf(InvalidScanException.class)
                    .hasMessageContaining("big.nii.gz is too large to segment here")
                    .hasMessageContaining("64x64x79");
            assertThatThrownBy(() -> small.segment(Files.readAllBytes(truncated), "upload.nii.gz"))
                    .isInstanceOf(ScanTooLargeException.class);
            assertThatThrownBy(() -> small.segment(ct64())).isInstanceOf(ScanTooLargeException.class);
        }
        // With room to spare the same truncated file fails on its data instead.
        assertThatThrownBy(() -> segmenter.segment(truncated))
                .isInstanceOf(InvalidScanException.class)
                .isNotInstanceOf(ScanTooLargeException.class);
    }

    @Test
    void aDicomSeriesAboveTheMemoryLimitIsRefusedFromItsHeadersBeforeDecoding(@TempDir Path dir) throws IOException {
        // The JPEG 2000 example with every codestream's start marker wiped: the headers and the
        // fragment structure are intact, but decoding any slice fails.
        Path source = RealData.file("totalseg-example/dicom/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573")
                .getParent();
        Path garbled = Files.createDirectories(dir.resolve("series"));
        try (var files = Files.list(source)) {
            for (Path f : files.toList()) {
                byte[] b = Files.readAllBytes(f);
                int soc = indexOf(b, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
                assertThat(soc).as("a JPEG 2000 codestream in " + f.getFileName()).isPositive();
                Arrays.fill(b, soc, soc + 4, (byte) 0);
                Files.write(garbled.resolve(f.getFileName()), b);
            }
        }
        Grid grid = DicomSeriesReader.open(source, DicomReadOptions.defaults()).grid();
        long tight = MemoryBudget.estimate(grid, segmenter.card()) - 1;
        try (Segmenter small = Segmenter.open(TestModels.darkInsideBody(TestModels.card(GRID)), "finder.onnx",
                Segmenter.Options.defaults().withMemory(new MemoryBudget(tight)))) {
            assertThatThrownBy(() -> small.load(garbled))
                    .isInstanceOf(ScanTooLargeException.class)
                    .hasMessageContaining("series is too large to segment here")
                    .hasMessageContaining("512x512x20");
        }
        // With room to spare the same series fails on its pixel data instead.
        assertThatThrownBy(() -> segmenter.load(garbled))
                .isInstanceOf(InvalidScanException.class)
                .isNotInstanceOf(ScanTooLargeException.class);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
