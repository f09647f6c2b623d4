package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Volume;

/**
 * Twenty slices of the real cip-ct64 series (IMG0060..IMG0079, which include a frame DCMTK's
 * lossless encoder ends with a fill byte) re-encoded by DCMTK, an independent DICOM toolkit, in
 * other transfer syntaxes read to the same volume as the originals. Skipped where DCMTK's tools
 * are not installed ({@code apt-get install dcmtk}).
 */
class DcmtkCrossCheckTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "dcmconv, +te",     // explicit VR little endian
        "dcmconv, +tb",     // explicit VR big endian
        "dcmconv, +td",     // deflated explicit VR little endian
        "dcmcjpeg, +e1",    // JPEG lossless, first-order prediction (.70)
        "dcmcjpeg, +el",    // JPEG lossless, any predictor (.57)
        "dcmcrle, ''",      // RLE lossless
    })
    void reEncodedSeriesReadsToTheSameVolume(String tool, String option) throws Exception {
        Path source = originals();
        Path converted = convert(source, tool, option);
        Volume original = DicomSeriesReader.read(source);

        Volume v = DicomSeriesReader.read(converted);

        assertThat(v.grid().sameGeometry(original.grid(), 1e-9)).isTrue();
        assertThat(v.voxels()).isEqualTo(original.voxels());
    }

    @ParameterizedTest
    @CsvSource("dcmcjpls, ''")
    void jpegLsIsRefusedByName(String tool, String option) throws Exception {
        Path converted = convert(originals(), tool, option);
        Refusals.assertRefused(() -> DicomSeriesReader.read(converted), "1.2.840.10008.1.2.4.80 (JPEG-LS lossless)");
    }

    /** DCMTK's 12-bit lossy JPEG (process 4) of the real slices: refused from the headers, naming the syntax. */
    @ParameterizedTest
    @CsvSource("dcmcjpeg, +ee")
    void twelveBitJpegExtendedIsRefusedByName(String tool, String option) throws Exception {
        Path converted = convert(originals(), tool, option);
        Refusals.assertRefused(() -> DicomSeriesReader.open(converted, DicomReadOptions.defaults()),
                "1.2.840.10008.1.2.4.51", "12-bit JPEG extended", "not supported", "dcmdjpeg");
    }

    private Path originals() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("original"));
        for (int n = 60; n <= 79; n++) {
            String name = String.format("IMG%04d.dcm", n);
            Files.copy(RealData.file("cip-ct64/dicom/" + name), folder.resolve(name));
        }
        return folder;
    }

    private Path convert(Path source, String tool, String option) throws IOException, InterruptedException {
        ExternalTools.require(tool, "DCMTK: apt-get install dcmtk");
        Path out = Files.createDirectories(dir.resolve(tool + option));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                List<String> cmd = new ArrayList<>(List.of(tool));
                if (!option.isEmpty()) {
                    cmd.add(option);
                }
                cmd.add(f.toString());
                cmd.add(out.resolve(f.getFileName()).toString());
                ExternalTools.run(cmd);
            }
        }
        return out;
    }
}
