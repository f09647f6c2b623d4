package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.dicom.HostileDicomSeries;
import org.lungseg.dicom.TwoSeriesFolder;
import org.lungseg.nifti.HostileNiftiFiles;
import org.lungseg.nifti.TestNifti;
import org.lungseg.testing.RealData;

class InfoCommandTest {

    @TempDir
    Path dir;

    /** Every NIfTI file under the real-data folder, so files added there are covered too. */
    static Stream<Path> realNiftiFiles() throws IOException {
        Path root = RealData.root();
        assumeTrue(Files.isDirectory(root), "real CT data not present at " + root);
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> nifti = files.filter(f -> f.getFileName().toString().matches(".*\\.nii(\\.gz)?")).sorted().toList();
            assertThat(nifti).isNotEmpty();
            return nifti.stream();
        }
    }

    /** Dims, spacing, orientation and origin as text and JSON, against the header's own bytes. */
    @ParameterizedTest
    @MethodSource("realNiftiFiles")
    void printsGeometryOfEveryRealFile(Path scan) throws Exception {
        RawNifti1 raw = RawNifti1.of(scan);
        String dims = raw.dims[0] + "x" + raw.dims[1] + "x" + raw.dims[2];
        String storage = scan.getFileName().toString().startsWith("ct.") ? "Hounsfield units" : "label map";

        CliRun text = CliRun.of("info", scan.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains(String.format(Locale.ROOT, "%s voxels, spacing %.3f x %.3f x %.3f mm",
                dims, raw.spacing(0), raw.spacing(1), raw.spacing(2)))
                .contains("orientation  " + raw.orientation()).contains(storage);
        List<String> lines = text.out().lines().toList();
        int affine = lines.indexOf(lines.stream().filter(l -> l.startsWith("  affine")).findFirst().orElseThrow());
        for (int row = 0; row < 3; row++) {
            String[] values = lines.get(affine + row).replaceAll("affine|[\\[\\]]", " ").trim().split("\\s+");
            assertThat(Double.parseDouble(values[3])).as("text translation row %d", row)
                    .isCloseTo(raw.srow[4 * row + 3], offset(1e-4));
        }

        CliRun json = CliRun.of("info", "--json", scan.toString());
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("orientation").asText()).isEqualTo(raw.orientation());
        assertThat(node.get("dims").get(0).asInt() + "x" + node.get("dims").get(1).asInt() + "x"
                + node.get("dims").get(2).asInt()).isEqualTo(dims);
        for (int axis = 0; axis < 3; axis++) {
            assertThat(node.get("spacingMm").get(axis).asDouble()).isCloseTo(raw.spacing(axis), offset(1e-4));
            assertThat(node.get("affine").get(4 * axis + 3).asDouble()).as("JSON translation row %d", axis)
                    .isCloseTo(raw.srow[4 * axis + 3], offset(1e-4));
        }
        assertThat(node.at("/intensity/storage").asText()).isEqualTo(storage);
    }

    /**
     * dim and srow read straight from a NIfTI-1 header's bytes, independently of lungseg's reader.
     * The real files are NIfTI-1 with an sform in millimetres; a file that is not fails here.
     */
    private record RawNifti1(long[] dims, double[] srow) {

        static RawNifti1 of(Path file) throws IOException {
            byte[] bytes;
            try (InputStream in = file.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
                bytes = in.readNBytes(348);
            }
            ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (h.getInt(0) != 348) {
                h.order(ByteOrder.BIG_ENDIAN);
            }
            assertThat(h.getInt(0)).as("%s: sizeof_hdr of NIfTI-1", file).isEqualTo(348);
            assertThat(new String(bytes, 344, 3, StandardCharsets.ISO_8859_1)).as("%s: magic", file).isEqualTo("n+1");
            assertThat(h.getShort(254)).as("%s: sform_code", file).isPositive();
            assertThat(h.get(123) & 7).as("%s: spatial units mm or unknown", file).isIn(0, 2);
            long[] dims = {h.getShort(42), h.getShort(44), h.getShort(46)};
            double[] srow = new double[12];
            for (int i = 0; i < 12; i++) {
                srow[i] = h.getFloat(280 + 4 * i);
            }
            return new RawNifti1(dims, srow);
        }

        /** Length of the sform's column for a voxel axis. */
        double spacing(int axis) {
            return Math.sqrt(srow[axis] * srow[axis] + srow[4 + axis] * srow[4 + axis] + srow[8 + axis] * srow[8 + axis]);
        }

        /** For each voxel axis, the patient axis its sform column points along most (RAS positive, LPI negative). */
        String orientation() {
            StringBuilder codes = new StringBuilder();
            for (int axis = 0; axis < 3; axis++) {
                int best = 0;
                for (int row = 1; row < 3; row++) {
                    if (Math.abs(srow[4 * row + axis]) > Math.abs(srow[4 * best + axis])) {
                        best = row;
                    }
                }
                codes.append((srow[4 * best + axis] > 0 ? "RAS" : "LPI").charAt(best));
            }
            return codes.toString();
        }
    }

    @Test
    void aDicomSeriesFolderGivesTheSameGeometryAsItsNiftiTwin() throws Exception {
        Path series = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        JsonNode dicom = new ObjectMapper().readTree(CliRun.of("info", "--json", series.toString()).out());
        JsonNode nifti = new ObjectMapper().readTree(CliRun.of("info", "--json", RealData.file("cip-ct64/ct.nii.gz").toString()).out());
        assertThat(dicom.get("format").asText()).isEqualTo("DICOM series, 79 slices");
        assertThat(dicom.get("dims")).isEqualTo(nifti.get("dims"));
        assertThat(dicom.get("orientation")).isEqualTo(nifti.get("orientation"));
        for (int i = 0; i < 12; i++) {
            assertThat(dicom.get("affine").get(i).asDouble())
                    .isCloseTo(nifti.get("affine").get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(dicom.at("/intensity/min")).isEqualTo(nifti.at("/intensity/min"));
        assertThat(dicom.at("/intensity/max")).isEqualTo(nifti.at("/intensity/max"));
    }

    /** The reader's warnings (which series was read, what was left out) reach text and JSON. */
    @Test
    void aSeriesChosenAmongTwoIsNamedInTheWarnings() throws Exception {
        Path mixed = TwoSeriesFolder.write(RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent(), dir.resolve("two"));
        java.nio.file.Files.writeString(mixed.resolve("README.txt"), "not a slice");
        CliRun text = CliRun.of("info", "--series", TwoSeriesFolder.OTHER_UID, mixed.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("  warning      ignored 1 file: not DICOM")
                .contains("  warning      read series " + TwoSeriesFolder.OTHER_UID + ": 79 slices of 64x64, axial; 1 other "
                        + "stack in the input left out");
        JsonNode json = new ObjectMapper().readTree(CliRun.of("info", "--json", "--series", TwoSeriesFolder.OTHER_UID,
                mixed.toString()).out());
        assertThat(json.get("warnings")).hasSize(2);
        assertThat(json.get("warnings").get(1).asText()).startsWith("read series " + TwoSeriesFolder.OTHER_UID);
        assertThat(json.has("tags")).isFalse();
    }

    /** --tags prints the named allow-listed attributes and nothing else from the headers. */
    @Test
    void tagsPrintsOnlyTheAttributesNamed() throws Exception {
        Path series = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        CliRun text = CliRun.of("info", "--tags", "StudyDate,Modality,BodyPartExamined", series.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("  tag          StudyDate = 20060101\n")
                .contains("  tag          Modality = CT\n")
                .contains("  tag          BodyPartExamined = (absent)\n")
                // The patient's name and ID are in these headers but were not asked for.
                .doesNotContain("Anonymous").doesNotContain("123456");
        JsonNode json = new ObjectMapper().readTree(CliRun.of("info", "--json", "--tags", "seriesdescription,StudyDate",
                series.toString()).out());
        assertThat(json.get("tags").toString()).isEqualTo("{\"StudyDate\":\"20060101\",\"SeriesDescription\":\"None\"}");
        assertThat(json.toString()).doesNotContain("Anonymous").doesNotContain("123456")
                .doesNotContain(TwoSeriesFolder.SERIES_UID);

        CliRun unknown = CliRun.of("info", "--tags", "PatientAddress", series.toString());
        assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("--tags: unknown or not allowed DICOM attribute 'PatientAddress'")
                .contains("allowed: PatientName");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void labelMapInfoGivesVolumesPerLabel() {
        CliRun run = CliRun.of("info", RealData.file("cip-ct64/lungs.nii.gz").toString());
        assertThat(run.out()).containsPattern("label 1 \\(left lung\\)\\s+\\d+ voxels, [0-9.]+ mL")
                .containsPattern("label 2 \\(right lung\\)\\s+\\d+ voxels");
    }

    @ParameterizedTest
    @MethodSource("org.lungseg.nifti.HostileNiftiFiles#all")
    void hostileFilesGetOneLineAndExitCode2(HostileNiftiFiles.Case hostile) {
        assertRefusedInOneLine(CliRun.of("info", hostile.write(dir).toString()), "lungseg: " + hostile.name(),
                hostile.messageParts());
    }

    /** Hostile DICOM series, folders or zips, get the same treatment as hostile NIfTI files. */
    @ParameterizedTest
    @MethodSource("org.lungseg.dicom.HostileDicomSeries#all")
    void hostileDicomGetsOneLineAndExitCode2(HostileDicomSeries.Case hostile) {
        assertRefusedInOneLine(CliRun.of("info", hostile.write(dir).toString()), "lungseg: ", hostile.messageParts());
    }

    /** Exit code 2, nothing on stdout, one line on stderr that starts so and names every part. */
    private static void assertRefusedInOneLine(CliRun run, String start, List<String> messageParts) {
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().startsWith(start).contains(messageParts);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Path file = HostileNiftiFiles.all().get(1).write(dir);
        CliRun run = CliRun.of("info", "--verbose", file.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("InvalidScanException").contains("\tat org.lungseg");
    }

    /** An input path that leads to no readable file is the user's input: exit 2, one line naming it once. */
    @Test
    void aPathThroughAFileIsBadInputNamedOnce() throws IOException {
        Path scan = dir.resolve("ct.nii");
        Files.write(scan, TestNifti.int16(4, 4, 4).bytes());
        Path inside = scan.resolve("x.nii");
        CliRun run = CliRun.of("info", inside.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("lungseg: " + inside + ": " + scan + " is a file, not a folder");
    }

    @Test
    void aMissingFileIsBadInput() {
        Path missing = dir.resolve("nosuch.nii.gz");
        CliRun run = CliRun.of("info", missing.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines()).containsExactly("lungseg: " + missing + ": no such file");
    }

    /**
     * Several scans: each good one gets the summary it gets alone, each refused one its one line on
     * stderr, and the exit code is 2 once all are done. JSON is an array in argument order.
     */
    @Test
    void severalScansAreEachReportedAndARefusalExitsWith2AtTheEnd() throws Exception {
        HostileNiftiFiles.Case hostile = HostileNiftiFiles.all().get(1);
        String bad = hostile.write(dir).toString();
        String missing = dir.resolve("nosuch.nii").toString();
        String ct = RealData.file("cip-ct64/ct.nii.gz").toString();
        String lungs = RealData.file("cip-ct64/lungs.nii.gz").toString();

        CliRun text = CliRun.of("info", bad, ct, missing, lungs);
        assertThat(text.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(text.out()).isEqualTo(CliRun.of("info", ct).out() + CliRun.of("info", lungs).out());
        List<String> err = text.err().lines().toList();
        assertThat(err).hasSize(2);
        assertThat(err.get(0)).startsWith("lungseg: " + hostile.name()).contains(hostile.messageParts());
        assertThat(err.get(1)).isEqualTo("lungseg: " + missing + ": no such file");

        CliRun json = CliRun.of("info", "--json", bad, ct, missing, lungs);
        assertThat(json.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(json.err()).isEqualTo(text.err());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode all = mapper.readTree(json.out());
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(4);
        assertThat(all.get(0).get("file").asText()).isEqualTo(bad);
        assertThat("lungseg: " + all.get(0).get("error").asText()).isEqualTo(err.get(0));
        assertThat(all.get(1)).isEqualTo(mapper.readTree(CliRun.of("info", "--json", ct).out()));
        assertThat(all.get(2).toString()).isEqualTo("{\"file\":\"" + missing + "\",\"error\":\"" + missing + ": no such file\"}");
        assertThat(all.get(3)).isEqualTo(mapper.readTree(CliRun.of("info", "--json", lungs).out()));

        CliRun good = CliRun.of("info", "--json", ct, lungs);
        assertThat(good.exitCode()).isZero();
        assertThat(good.err()).isEmpty();
        assertThat(mapper.readTree(good.out())).containsExactly(all.get(1), all.get(3));

        CliRun verbose = CliRun.of("info", "--verbose", bad, ct);
        assertThat(verbose.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(verbose.err()).contains("InvalidScanException").contains("\tat org.lungseg");
        assertThat(verbose.out()).isEqualTo(CliRun.of("info", ct).out());
    }

    @Test
    void usageErrorsExitWith2() {
        CliRun run = CliRun.of("info");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("Missing required parameter").contains("--help");
    }

    /** One hostile input for the capped-heap run: the path given to info and what its one line must say. */
    private record Refusal(Path input, String start, List<String> parts) {
    }

    /**
     * Every hostile file and DICOM input, refused by {@code lungseg info} in one JVM capped at 1 GB
     * of heap (see {@link InfoRefusals}): exit code 2 and one line each, no OutOfMemoryError.
     * Elapsed times are printed, not asserted (docs/performance.md records them).
     */
    @Test
    void everyHostileFileIsRefusedWithinAOneGigabyteHeap() throws Exception {
        List<Refusal> cases = new ArrayList<>();
        for (HostileNiftiFiles.Case hostile : HostileNiftiFiles.all()) {
            cases.add(new Refusal(hostile.write(dir), "lungseg: " + hostile.name(), hostile.messageParts()));
        }
        for (HostileDicomSeries.Case hostile : HostileDicomSeries.all()) {
            cases.add(new Refusal(hostile.write(dir), "lungseg: ", hostile.messageParts()));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), InfoRefusals.class.getName()));
        cases.forEach(c -> cmd.add(c.input().toString()));
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        List<String> results = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(stderr);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("OutOfMemoryError");
        assertThat(results).hasSize(cases.size());
        long slowest = 0;
        for (int i = 0; i < cases.size(); i++) {
            Refusal hostile = cases.get(i);
            String name = hostile.input().getFileName().toString();
            String[] fields = results.get(i).split("\t", 5); // exit, ms, stderr lines, name, message
            assertThat(fields[3]).isEqualTo(name);
            assertThat(fields[0]).as(results.get(i)).isEqualTo(String.valueOf(Main.EXIT_BAD_INPUT));
            assertThat(fields[2]).as(results.get(i)).isEqualTo("1");
            assertThat(fields[4]).startsWith(hostile.start()).contains(hostile.parts());
            System.out.printf(Locale.ROOT, "-Xmx1g info %-34s refused in %5s ms%n", name, fields[1]);
            slowest = Math.max(slowest, Long.parseLong(fields[1]));
        }
        System.out.printf(Locale.ROOT, "-Xmx1g info: %d hostile inputs refused, slowest %d ms%n", cases.size(), slowest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "9999999999"})
    void maxVoxelsOutsideItsRangeIsAUsageError(String maxVoxels) throws IOException {
        Path scan = dir.resolve("scan.nii");
        Files.write(scan, TestNifti.int16(4, 4, 4).bytes());
        CliRun run = CliRun.of("info", "--max-voxels", maxVoxels, scan.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("lungseg: --max-voxels " + maxVoxels + ": maxVoxels must be in 1..")
                .doesNotContain("failed").doesNotContain("\tat ");
    }

    /** A scan with no finite voxel: JSON says null (JSON has no Infinity), text says so in words. */
    @Test
    void aScanWithoutFiniteVoxelsHasNoIntensityRange() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            data.putFloat(i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY);
        }
        Path scan = dir.resolve("nan.nii");
        Files.write(scan, TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 2, 2, 2).datatype(16, 32).data(data.array()).bytes());

        CliRun json = CliRun.of("info", "--json", scan.toString());
        assertThat(json.exitCode()).isZero();
        JsonNode intensity = new ObjectMapper().readTree(json.out()).get("intensity");
        assertThat(intensity.get("min").isNull()).as(json.out()).isTrue();
        assertThat(intensity.get("max").isNull()).isTrue();
        assertThat(intensity.get("mean").isNull()).isTrue();
        assertThat(intensity.get("nonFiniteVoxels").asLong()).isEqualTo(8);
        assertThat(json.out()).doesNotContain("Infinity").doesNotContain("NaN");
        assertThat(CliRun.of("info", scan.toString()).out()).contains("intensity    no finite voxel")
                .contains("8 voxels are NaN or infinite");
    }

    /**
     * Neither HU (no air below -500) nor 0..255 storage: a float scan scaled to 0..1 and raw 12-bit
     * detector numbers 0..4095 whose rescale intercept was lost. Both are named so, with a warning.
     */
    @Test
    void aScanNeitherInHuNor0To255IsOfUnknownScale() throws Exception {
        ByteBuffer floats = ByteBuffer.allocate(64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer raw = ByteBuffer.allocate(64 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64; i++) {
            floats.putFloat(i / 63f);
            raw.putShort((short) (i * 65)); // 0..4095, read back unsigned
        }
        Path unit = dir.resolve("unit.nii");
        Files.write(unit, TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 4, 4, 4).datatype(16, 32).data(floats.array()).bytes());
        Path detector = dir.resolve("detector.nii");
        Files.write(detector, TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 4, 4, 4).datatype(512, 16).data(raw.array()).bytes());

        CliRun text = CliRun.of("info", unit.toString(), detector.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("intensity    0.0 .. 1.0, mean 0.5: unknown scale (neither HU nor 0..255)\n")
                .contains("intensity    0.0 .. 4095.0, mean 2047.5: unknown scale (neither HU nor 0..255)\n")
                .doesNotContain("Hounsfield units");
        assertThat(text.out().lines().filter(l -> l.startsWith("  warning      no voxel is below -500 (air is -1000 HU)")))
                .hasSize(2);

        JsonNode json = new ObjectMapper().readTree(CliRun.of("info", "--json", unit.toString(), detector.toString()).out());
        for (JsonNode scan : json) {
            assertThat(scan.at("/intensity/storage").asText()).isEqualTo("unknown scale (neither HU nor 0..255)");
            assertThat(scan.get("warnings")).singleElement().asString().contains("neither HU nor 0..255 storage");
        }
        assertThat(json.get(0).get("warnings").get(0).asText()).doesNotContain("rescale intercept");
        assertThat(json.get(1).get("warnings").get(0).asText()).contains("rescale intercept");
    }

    /** CIP's airway mask is 0/1: its 1 is the airway, not lungseg's left lung. */
    @Test
    void aBinaryMaskGetsBareLabelNumbers() throws Exception {
        Path airway = RealData.file("cip-ct64/airway.nii.gz");
        CliRun text = CliRun.of("info", airway.toString());
        assertThat(text.out()).containsPattern("label 1\\s+\\d+ voxels").doesNotContain("lung");
        JsonNode labels = new ObjectMapper().readTree(CliRun.of("info", "--json", airway.toString()).out()).get("labels");
        assertThat(labels.fieldNames()).toIterable().containsExactly("0", "1");
    }

    /** A lungseg label map with the right lung only is still named as one. */
    @Test
    void aRightLungOnlyLabelMapKeepsLungsegNames() {
        CliRun run = CliRun.of("info", RealData.file("elastix-right-lung/lungs.nii.gz").toString());
        assertThat(run.out()).containsPattern("label 2 \\(right lung\\)\\s+\\d+ voxels");
    }
}
