package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.dicom.DicomZip;
import org.lungseg.dicom.TwoSeriesFolder;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.inference.TestModels;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

class SegmentCommandTest {

    @TempDir
    Path dir;

    private Path model;

    @BeforeEach
    void writeModel() throws Exception {
        model = dir.resolve("finder.onnx");
        Files.write(model, TestModels.darkInsideBody(TestModels.card(new GridSize(32, 32, 32))));
    }

    @Test
    void segmentsAScanIntoAMaskAReportAndAPreview() throws Exception {
        Path scan = RealData.file("cip-ct64/ct.nii.gz");
        Path mask = dir.resolve("out/mask.nii.gz");
        Path report = dir.resolve("out/report.json");
        Path preview = dir.resolve("out/preview.png");
        CliRun run = CliRun.of("segment", scan.toString(), "--model", model.toString(), "--out", mask.toString(),
                "--report", report.toString(), "--preview", preview.toString(), "--threads", "1", "--rle");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ct.nii.gz -> " + mask).contains("left lung").contains("infection")
                .contains("timings").contains("CPUExecutionProvider (1 intra-op threads)");

        Volume ct = NiftiReader.read(scan);
        LabelMap labels = NiftiReader.readLabels(mask);
        assertThat(labels.grid().sameGeometry(ct.grid(), 1e-5)).isTrue();
        long[] h = labels.histogram();

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("scan").asText()).isEqualTo(scan.toString());
        assertThat(json.at("/labels/left lung/voxels").asLong()).isEqualTo(h[1]);
        assertThat(json.at("/labels/right lung/voxels").asLong()).isEqualTo(h[2]);
        assertThat(json.at("/labels/infection/voxels").asLong()).isEqualTo(h[3]);
        assertThat(json.at("/labels/left lung/rle").asText()).isNotBlank();
        assertThat(json.at("/volumes/leftLungMl").asDouble()).isBetween(500.0, 4000.0);
        assertThat(json.at("/infection/percentOfBothLungs").asDouble()).isBetween(0.0, 100.0);
        assertThat(json.at("/grid/orientation").asText()).isEqualTo("LPS");
        assertThat(json.at("/model/name").asText()).isEqualTo("dark-inside-body");
        assertThat(json.at("/model/sha256").asText()).hasSize(64);
        assertThat(json.at("/intensity").asText()).startsWith("HU");
        assertThat(json.get("timingsMs").fieldNames()).toIterable()
                .containsExactly("read", "preprocess", "inference", "postprocess");
        assertThat(json.get("warnings")).isEmpty();

        BufferedImage png = ImageIO.read(preview.toFile());
        assertThat(png.getWidth()).isGreaterThan(300);
    }

    @Test
    void withoutAModelTheBundledModelSegments() throws Exception {
        byte[] bundled = org.lungseg.inference.BundledModel.bytes().orElseThrow();
        Path report = dir.resolve("bundled.json");
        CliRun run = CliRun.of("segment", RealData.file("cip-ct64/ct.nii.gz").toString(), "--out",
                dir.resolve("bundled.nii.gz").toString(), "--report", report.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/model/sha256").asText()).isEqualTo(sha256(bundled));
    }

    /** A DICOM series and the same scan as NIfTI give the same mask on the same grid. */
    @Test
    void aDicomSeriesSegmentsLikeItsNiftiTwin() {
        Path series = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        Path fromDicom = dir.resolve("dicom_mask.nii.gz");
        Path fromNifti = dir.resolve("nifti_mask.nii.gz");
        assertThat(CliRun.of("segment", series.toString(), "--model", model.toString(), "--out", fromDicom.toString())
                .exitCode()).isZero();
        assertThat(CliRun.of("segment", RealData.file("cip-ct64/ct.nii.gz").toString(), "--model", model.toString(),
                "--out", fromNifti.toString()).exitCode()).isZero();
        var a = org.lungseg.nifti.NiftiReader.readLabels(fromDicom);
        var b = org.lungseg.nifti.NiftiReader.readLabels(fromNifti);
        assertThat(a.grid().sameGeometry(b.grid(), 1e-3)).isTrue();
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.histogram()[1]).isPositive();
    }

    /**
     * Without --out the mask lands in the working directory, named after the scan without its
     * extension: a zip of the real series, run in a JVM whose working directory is a temp folder.
     */
    @Test
    void theDefaultMaskNameDropsZipAndDcm() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path zip = DicomZip.of(RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent(), dir.resolve("cip.zip"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "segment", zip.toString(), "--model", model.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        try (var written = Files.list(work)) {
            assertThat(written.map(f -> f.getFileName().toString())).containsExactly("cip_mask.nii.gz");
        }
        assertThat(NiftiReader.readLabels(work.resolve("cip_mask.nii.gz")).grid().nz()).isEqualTo(79);

        Path series = RealData.file("cip-ct64/dicom/IMG0040.dcm");
        assertThat(SegmentCommand.baseName(series)).isEqualTo("IMG0040");
        assertThat(SegmentCommand.baseName(series.getParent())).isEqualTo("dicom");
        assertThat(SegmentCommand.baseName(Path.of("CT.NII.GZ"))).isEqualTo("CT");
        assertThat(SegmentCommand.baseName(Path.of(".zip"))).isEqualTo(".zip");
    }

    /** A folder of two equally large series is refused with both listed, then read as --series names. */
    @Test
    void aFolderOfTwoSeriesNeedsSeriesAndSegmentsTheOneNamed() {
        Path series = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        Path mixed = TwoSeriesFolder.write(series, dir.resolve("mixed"));
        Path mask = dir.resolve("chosen_mask.nii.gz");
        CliRun refused = CliRun.of("segment", mixed.toString(), "--model", model.toString(), "--out", mask.toString());
        assertThat(refused.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(refused.err().strip().lines()).singleElement().asString()
                .contains("2 CT series qualify equally").contains("--series")
                .contains(TwoSeriesFolder.SERIES_UID).contains(TwoSeriesFolder.OTHER_UID);
        assertThat(mask).doesNotExist();

        CliRun chosen = CliRun.of("segment", mixed.toString(), "--model", model.toString(), "--out", mask.toString(),
                "--series", TwoSeriesFolder.OTHER_UID);
        assertThat(chosen.exitCode()).as(chosen.err()).isZero();
        Path twin = dir.resolve("twin_mask.nii.gz");
        assertThat(CliRun.of("segment", series.toString(), "--model", model.toString(), "--out", twin.toString())
                .exitCode()).isZero();
        assertThat(NiftiReader.readLabels(mask).labels()).isEqualTo(NiftiReader.readLabels(twin).labels());

        CliRun unknown = CliRun.of("segment", mixed.toString(), "--model", model.toString(), "--out", mask.toString(),
                "--series", "1.2.3");
        assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("no CT series with SeriesInstanceUID 1.2.3");
    }

    /** A truncated slice stops the run with one line on stderr and no stack trace. */
    @Test
    void aTruncatedSeriesIsRefusedInOneLine() throws Exception {
        Path series = Files.createDirectories(dir.resolve("truncated"));
        try (var files = Files.list(RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent())) {
            for (Path f : files.toList()) {
                Files.copy(f, series.resolve(f.getFileName()));
            }
        }
        byte[] slice = Files.readAllBytes(series.resolve("IMG0010.dcm"));
        Files.write(series.resolve("IMG0010.dcm"), java.util.Arrays.copyOf(slice, slice.length / 2));
        CliRun run = CliRun.of("segment", series.toString(), "--model", model.toString(), "--out",
                dir.resolve("never.nii.gz").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip().lines()).singleElement().asString().contains("IMG0010.dcm: truncated");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("never.nii.gz")).doesNotExist();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aModelWithoutItsCardIsRefused() throws Exception {
        Path bare = dir.resolve("bare.onnx");
        Files.write(bare, TestModels.darkInsideBody(TestModels.card(new GridSize(8, 8, 8)), Map.of()));
        CliRun run = CliRun.of("segment", RealData.file("cip-ct64/ct.nii.gz").toString(), "--model", bare.toString(),
                "--out", dir.resolve("m.nii.gz").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("bare.onnx lacks the lungseg model card").doesNotContain("failed:");
        assertThat(dir.resolve("m.nii.gz")).doesNotExist();
    }

    @Test
    void cudaWithoutACudaBuildRunsOnTheCpuAndTheReportSaysSo() throws Exception {
        Path report = dir.resolve("r.json");
        CliRun run = CliRun.of("segment", RealData.file("cip-ct64/ct.nii.gz").toString(), "--model", model.toString(),
                "--out", dir.resolve("m.nii.gz").toString(), "--report", report.toString(), "--device", "cuda");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/model/provider").asText()).startsWith("CPUExecutionProvider");
        assertThat(json.get("warnings").toString()).contains("CUDA was asked for");
        assertThat(CliRun.of("segment", "x.nii", "--model", model.toString(), "--device", "tpu").err())
                .contains("--device must be cpu or cuda");
    }

    @Test
    void aFolderIsSegmentedInTurnWithProgressAndASummaryTable() throws Exception {
        Path in = Files.createDirectories(dir.resolve("scans"));
        Files.copy(RealData.file("cip-ct64/ct.nii.gz"), in.resolve("chest.nii.gz"));
        Files.copy(RealData.file("elastix-right-lung/ct.nii.gz"), in.resolve("right.nii.gz"));
        Files.write(in.resolve("broken.nii.gz"), "not a scan".getBytes(StandardCharsets.UTF_8));
        Files.write(in.resolve("notes.txt"), "ignored".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("masks");
        Path reports = dir.resolve("reports");
        CliRun run = CliRun.of("segment", in.toString(), "--model", model.toString(), "--out", out.toString(),
                "--report", reports.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).containsPattern("\\[###-------] 1/3 ETA \\d+ s broken\\.nii\\.gz  refused:")
                .containsPattern("\\[#######---] 2/3 ETA \\d+ s chest\\.nii\\.gz")
                .contains("[##########] 3/3 right.nii.gz  ").contains("2 of 3 scans segmented");
        assertThat(run.out().lines().filter(l -> l.startsWith("chest.nii.gz") || l.startsWith("right.nii.gz")))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains("ok"));
        assertThat(out.resolve("chest_mask.nii.gz")).exists();
        assertThat(out.resolve("right_mask.nii.gz")).exists();
        assertThat(out.resolve("broken_mask.nii.gz")).doesNotExist();
        assertThat(reports.resolve("chest.json")).exists();
    }

    @Test
    void aScanAboveTheLimitsIsRefusedFromItsHeaderWithOneLine() {
        String scan = RealData.file("cip-ct64/ct.nii.gz").toString();
        Path mask = dir.resolve("m.nii.gz");
        CliRun tooManyVoxels = CliRun.of("segment", scan, "--model", model.toString(), "--out", mask.toString(),
                "--max-voxels", "100000");
        assertThat(tooManyVoxels.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(tooManyVoxels.err().lines()).hasSize(1).first().asString().contains("100000").contains("--max-voxels");
        CliRun tooLittleMemory = CliRun.of("segment", scan, "--model", model.toString(), "--out", mask.toString(),
                "--memory-limit", "10m");
        assertThat(tooLittleMemory.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(tooLittleMemory.err().lines()).hasSize(1).first().asString().contains("too large to segment here")
                .contains("--memory-limit");
        assertThat(mask).doesNotExist();
        assertThat(CliRun.of("segment", scan, "--model", model.toString(), "--out", mask.toString(),
                "--memory-limit", "2g").exitCode()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"--max-voxels, 0, --max-voxels must be in 1..", "--memory-limit, lots, --memory-limit takes a size",
        "--memory-limit, 0m, --memory-limit must be positive"})
    void unusableLimitsAreUsageErrors(String option, String value, String message) {
        CliRun run = CliRun.of("segment", RealData.file("cip-ct64/ct.nii.gz").toString(), "--model", model.toString(),
                option, value);
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
    }

    @Test
    void progressShowsTheShareDoneAndTheTimeLeft() {
        assertThat(SegmentCommand.progress(1, 4, 5)).isEqualTo("[###-------] 1/4 ETA 15 s");
        assertThat(SegmentCommand.progress(3, 4, 30)).isEqualTo("[########--] 3/4 ETA 10 s");
        assertThat(SegmentCommand.progress(4, 4, 40)).isEqualTo("[##########] 4/4");
    }
}
