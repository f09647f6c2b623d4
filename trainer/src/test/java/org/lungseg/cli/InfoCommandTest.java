package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.lungseg.dicom.TwoSeriesFolder;
import org.lungseg.nifti.HostileNiftiFiles;
import org.lungseg.testing.RealData;

class InfoCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "cip-ct64/ct.nii.gz,           64x64x79,   LPS, Hounsfield units",
        "cip-testinput/ct.nii.gz,      64x64x50,   LPS, Hounsfield units",
        "cip-crop-2slices/ct.nii.gz,   443x349x2,  LPS, Hounsfield units",
        "elastix-right-lung/ct.nii.gz, 57x78x64,   LPS, Hounsfield units",
        "totalseg-example/ct.nii.gz,   122x101x112, RAS, Hounsfield units",
        "cip-ct64/lungs.nii.gz,        64x64x79,   LPS, label map"})
    void printsGeometryOfEveryRealFile(String file, String dims, String orientation, String storage) throws Exception {
        Path scan = RealData.file(file);
        CliRun text = CliRun.of("info", scan.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains(dims + " voxels").contains("orientation  " + orientation).contains(storage);

        CliRun json = CliRun.of("info", "--json", scan.toString());
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("orientation").asText()).isEqualTo(orientation);
        assertThat(node.get("dims").get(0).asInt() + "x" + node.get("dims").get(1).asInt() + "x"
                + node.get("dims").get(2).asInt()).isEqualTo(dims);
        assertThat(node.at("/intensity/storage").asText()).isEqualTo(storage);
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
        Path file = hostile.write(dir);
        CliRun run = CliRun.of("info", file.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().startsWith("lungseg: " + hostile.name())
                .contains(hostile.messageParts());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Path file = HostileNiftiFiles.all().get(1).write(dir);
        CliRun run = CliRun.of("info", "--verbose", file.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("InvalidScanException").contains("\tat org.lungseg");
    }

    @Test
    void usageErrorsExitWith2() {
        CliRun run = CliRun.of("info");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("Missing required parameter").contains("--help");
    }

    /** The heaviest hostile files, in a separate JVM capped at 1 GB of heap: refused, not an OutOfMemoryError. */
    @Test
    void heavyHostileFilesAreRefusedWithinAOneGigabyteHeap() throws Exception {
        List<String> names = List.of("bomb-declares-gigabytes.nii.gz", "huge.nii.gz", "huge.nii", "huge-payload.nii");
        for (HostileNiftiFiles.Case hostile : HostileNiftiFiles.all()) {
            if (!names.contains(hostile.name())) {
                continue;
            }
            Path file = hostile.write(dir);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "info", file.toString()));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err).isEqualTo(Main.EXIT_BAD_INPUT);
            assertThat(err).startsWith("lungseg: " + hostile.name()).doesNotContain("OutOfMemoryError");
        }
    }
}
