package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lungseg.dicom.HostileDicomSeries.cut;
import static org.lungseg.dicom.HostileDicomSeries.patch;
import static org.lungseg.dicom.HostileDicomSeries.retag;
import static org.lungseg.dicom.Refusals.assertRefused;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Volume;

/**
 * Hostile and broken inputs made by the test from the real cip-ct64 series (implicit VR little
 * endian): truncated files, lengths past the end, absurd dimensions, mixed series, missing
 * geometry, zip bombs, a slice of another size ({@link HostileDicomSeries}, shared with the command
 * line's and the function's tests). Each is refused with a message that names the file and the problem and
 * carries no patient data.
 */
class HostileDicomTest {

    @TempDir
    Path dir;

    private Path series;

    @BeforeEach
    void copyRealSeries() throws IOException {
        series = HostileDicomSeries.copyRealSeries(dir.resolve("series"));
    }

    @ParameterizedTest
    @MethodSource("org.lungseg.dicom.HostileDicomSeries#all")
    void everyHostileInputIsRefusedByName(HostileDicomSeries.Case hostile) {
        Path input = hostile.write(dir);
        assertRefused(() -> DicomSeriesReader.read(input), hostile.messageParts().toArray(String[]::new));
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        cut(series, "IMG0010.dcm", 0.5);
        assertRefused(() -> DicomSeriesReader.read(series), "IMG0010.dcm: truncated or corrupt: pixel data needs 8192 bytes");
        cut(series, "IMG0010.dcm", 0.1);
        assertRefused(() -> DicomSeriesReader.read(series), "IMG0010.dcm: truncated");
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
    void missingImageOrientationIsNamed() throws IOException {
        // Renumber (0020,0037) to the retired (0020,0035): on one slice, then on all of them.
        patch(series, "IMG0040.dcm", b -> retag(b, DicomTag.IMAGE_ORIENTATION_PATIENT, 0x0035));
        assertRefused(() -> DicomSeriesReader.read(series), "1 images of the chosen series lack ImageOrientationPatient "
                + "(0020,0037), e.g. IMG0040.dcm");
        for (int n = 1; n <= 79; n++) {
            if (n != 40) {
                patch(series, String.format("IMG%04d.dcm", n), b -> retag(b, DicomTag.IMAGE_ORIENTATION_PATIENT, 0x0035));
            }
        }
        assertRefused(() -> DicomSeriesReader.read(series), "no ImageOrientationPatient (0020,0037); without it the "
                + "slice cannot be placed");
    }

    @Test
    void theZipBombIsSmall() throws IOException {
        Path bomb = HostileDicomSeries.zipBomb(series);
        assertThat(Files.size(bomb)).as("a 100:1 bomb").isLessThan((300L << 20) / 100);
        assertRefused(() -> DicomSeriesReader.read(bomb), "series.zip: entry IMG0001.dcm inflates to more than 268435456 bytes");
    }

    /** One slice of another size in the series is named, not blamed on the gap it leaves in the spacing. */
    @Test
    void oneSliceOfAnotherSizeIsNamed() throws IOException {
        HostileDicomSeries.oneSliceResized(series);
        InvalidScanException e = assertRefused(() -> DicomSeriesReader.read(series),
                "the chosen series mixes image sizes: 78 images of 64x64 and 1 of 32x32 (e.g. IMG0040.dcm)");
        assertThat(e.getMessage()).doesNotContain("spacing").doesNotContain("missing slice");
    }

    @Test
    void zipLimitsOnTotalSizeAndEntryCountHold() throws IOException {
        byte[] zip = Files.readAllBytes(DicomZip.of(series, dir.resolve("cip.zip")));
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
}
