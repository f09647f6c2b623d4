package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lungseg.dicom.Refusals.assertRefused;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Volume;

/**
 * Hostile and broken inputs made by the test from the real cip-ct64 series (implicit VR little
 * endian): truncated files, lengths past the end, absurd dimensions, mixed series, missing
 * geometry, zip bombs. Each is refused with a message that names the file and the problem and
 * carries no patient data.
 */
class HostileDicomTest {

    @TempDir
    Path dir;

    private Path series;

    @BeforeEach
    void copyRealSeries() throws IOException {
        Path source = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        series = Files.createDirectories(dir.resolve("series"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, series.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        cut("IMG0010.dcm", 0.5);
        assertRefused(() -> DicomSeriesReader.read(series), "IMG0010.dcm: truncated or corrupt: pixel data needs 8192 bytes");
        cut("IMG0010.dcm", 0.1);
        assertRefused(() -> DicomSeriesReader.read(series), "IMG0010.dcm: truncated");
    }

    @Test
    void aLengthPastTheEndIsRefused() throws IOException {
        patch("IMG0020.dcm", b -> putU32(b, ImplicitVrFile.offsetOf(b, DicomTag.MODALITY) + 4, 0x7FFFFFF0L));
        assertRefused(() -> DicomSeriesReader.read(series),
                "IMG0020.dcm: truncated or corrupt: element (0008,0060) needs 2147483632 bytes");
    }

    @Test
    void absurdDimensionsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        for (int n = 1; n <= 79; n++) {
            patch(String.format("IMG%04d.dcm", n), b -> {
                putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.ROWS) + 8, 65535);
                putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.COLUMNS) + 8, 65535);
            });
        }
        assertRefused(() -> DicomSeriesReader.read(series), "65535x65535x79", "above the limit of " + (512L * 512 * 1200));
    }

    @Test
    void theVoxelLimitIsTheCallers() {
        assertRefused(() -> DicomSeriesReader.read(series, DicomReadOptions.defaults().withMaxVoxels(64 * 64 * 78)),
                "64x64x79 = 323584 voxels, above the limit of 319488");
        assertThat(DicomSeriesReader.read(series, DicomReadOptions.defaults().withMaxVoxels(64 * 64 * 79)).grid().nz())
                .isEqualTo(79);
    }

    @Test
    void twoMixedSeriesNeedAChoiceAndReadAlikeWhenChosen() {
        Path mixed = TwoSeriesFolder.write(series, dir.resolve("mixed"));
        assertRefused(() -> DicomSeriesReader.read(mixed), "2 CT series qualify equally", TwoSeriesFolder.SERIES_UID,
                TwoSeriesFolder.OTHER_UID, "--series");
        Volume chosen = DicomSeriesReader.read(mixed, DicomReadOptions.defaults().withSeries(TwoSeriesFolder.OTHER_UID));
        assertThat(chosen.voxels()).isEqualTo(DicomSeriesReader.read(series).voxels());
    }

    @Test
    void missingImagePositionIsNamed() throws IOException {
        // Renumber (0020,0032) to the retired (0020,0030): the element is still there, the geometry is not.
        patch("IMG0033.dcm", b -> putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.IMAGE_POSITION_PATIENT) + 2, 0x0030));
        assertRefused(() -> DicomSeriesReader.read(series), "IMG0033.dcm: no ImagePositionPatient (0020,0032)");
    }

    @Test
    void missingImageOrientationIsNamed() throws IOException {
        // Renumber (0020,0037) to the retired (0020,0035): on one slice, then on all of them.
        patch("IMG0040.dcm", b -> putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.IMAGE_ORIENTATION_PATIENT) + 2, 0x0035));
        assertRefused(() -> DicomSeriesReader.read(series), "1 images of the chosen series lack ImageOrientationPatient "
                + "(0020,0037), e.g. IMG0040.dcm");
        for (int n = 1; n <= 79; n++) {
            if (n != 40) {
                patch(String.format("IMG%04d.dcm", n),
                        b -> putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.IMAGE_ORIENTATION_PATIENT) + 2, 0x0035));
            }
        }
        assertRefused(() -> DicomSeriesReader.read(series), "no ImageOrientationPatient (0020,0037); without it the "
                + "slice cannot be placed");
    }

    @Test
    void missingPixelSpacingIsNamed() throws IOException {
        // Renumber (0028,0030) to (0028,0031), which the reader does not know as spacing.
        patch("IMG0050.dcm", b -> putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.PIXEL_SPACING) + 2, 0x0031));
        assertRefused(() -> DicomSeriesReader.read(series), "IMG0050.dcm: no PixelSpacing (0028,0030); without it the "
                + "slice cannot be placed");
    }

    @Test
    void zipBombsAreRefused() throws IOException {
        Path bomb = dir.resolve("bomb.zip");
        try (OutputStream out = Files.newOutputStream(bomb); ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(1);
            z.putNextEntry(new ZipEntry("IMG0001.dcm"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertThat(Files.size(bomb)).as("a 100:1 bomb").isLessThan((300L << 20) / 100);
        assertRefused(() -> DicomSeriesReader.read(bomb), "bomb.zip: entry IMG0001.dcm inflates to more than 268435456 bytes");
    }

    @Test
    void zipLimitsOnTotalSizeAndEntryCountHold() throws IOException {
        byte[] zip = Files.readAllBytes(RealDicomSeriesTest.zipFolder(series, dir.resolve("cip.zip")));
        assertRefused(() -> DicomSeriesReader.readZip(zip, "upload.zip",
                DicomReadOptions.defaults().withFileLimits(50, 1 << 20, 1 << 30)), "upload.zip: the zip holds more than 50 entries");
        assertRefused(() -> DicomSeriesReader.readZip(zip, "upload.zip",
                DicomReadOptions.defaults().withFileLimits(1000, 1 << 20, 100_000)), "the zip inflates to more than 100000 bytes in total");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DicomSeriesReader.readZip(zip, "upload.zip",
                DicomReadOptions.defaults().withFileLimits(1000, 1 << 20, 100_000))).isInstanceOf(ZipTooLargeException.class);
        assertRefused(() -> DicomSeriesReader.readZip(Arrays.copyOf(zip, zip.length / 2), "half.zip"), "half.zip");
        assertRefused(() -> DicomSeriesReader.readZip("not a zip".getBytes(StandardCharsets.US_ASCII), "x.zip"),
                "x.zip: not a zip archive");
    }

    // --- editing the real implicit-VR files -------------------------------------------------

    private interface Edit {
        void apply(byte[] bytes);
    }

    private void patch(String name, Edit edit) throws IOException {
        byte[] b = Files.readAllBytes(series.resolve(name));
        edit.apply(b);
        Files.write(series.resolve(name), b);
    }

    private void cut(String name, double fraction) throws IOException {
        Path original = RealData.file("cip-ct64/dicom/" + name);
        byte[] b = Files.readAllBytes(original);
        Files.write(series.resolve(name), Arrays.copyOf(b, (int) (b.length * fraction)));
    }

    private static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void putU32(byte[] b, int at, long v) {
        putU16(b, at, (int) (v & 0xFFFF));
        putU16(b, at + 2, (int) (v >>> 16));
    }
}
