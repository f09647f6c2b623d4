package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lungseg.dicom.Refusals.assertRefused;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Volume;

/**
 * Enhanced CT multi-frame files built from the 79 real cip-ct64 slices must read to the voxels and
 * geometry of the classic series (and so of its NIfTI conversion), whether their frames are native,
 * RLE one fragment per frame, or JPEG lossless divided by the basic offset table. Frames that are
 * not one simple stack, or pixel data that does not hold its frames, are refused by name.
 */
class EnhancedCtTest {

    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    private static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    @TempDir
    Path dir;

    private Path classicFolder;
    private EnhancedCtFile enhanced;

    @BeforeEach
    void buildFromTheClassicSeries() {
        classicFolder = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        enhanced = EnhancedCtFile.ofClassicSeries(classicFolder);
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.840.10008.5.1.4.1.1.2.1, EXPLICIT_LE, false",
        "1.2.840.10008.5.1.4.1.1.2.1, IMPLICIT_LE, true",
        "1.2.840.10008.5.1.4.1.1.2.2, EXPLICIT_BE, false"})
    void nativeFramesReadToTheClassicSeriesAndItsNifti(String sopClass, TestDicom.Encoding encoding, boolean undefined)
            throws IOException {
        enhanced.sopClass = sopClass;
        enhanced.undefinedLengths = undefined;
        Path file = write(enhanced.dataset().part10(encoding));

        DicomSeries series = DicomSeriesReader.readSeries(file, DicomReadOptions.defaults());

        assertSameAsClassic(series.volume());
        assertThat(series.slices()).isEqualTo(79);
    }

    @Test
    void rleFramesOneFragmentEachReadToTheClassicSeries() throws IOException {
        List<byte[]> fragments = new ArrayList<>();
        for (int f = 0; f < enhanced.frames.size(); f++) {
            fragments.add(TestCodecs.rle16(enhanced.storedWords(f)));
        }
        write(enhanced.dataset(enhanced::perFrameGroups).encapsulated(new byte[0], fragments, RLE_LOSSLESS)
                .part10(TestDicom.Encoding.EXPLICIT_LE));

        assertSameAsClassic(DicomSeriesReader.read(dir));
    }

    @Test
    void jpegLosslessFramesSpanningFragmentsAreDividedByTheOffsetTable() throws IOException {
        List<byte[]> fragments = new ArrayList<>();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        long offset = 0;
        for (int f = 0; f < enhanced.frames.size(); f++) {
            writeU32(table, offset);
            byte[] jpeg = TestCodecs.jpegLossless(enhanced.storedWords(f), enhanced.columns, enhanced.rows, 16);
            int half = jpeg.length / 2 & ~1;
            for (byte[] part : List.of(Arrays.copyOf(jpeg, half), Arrays.copyOfRange(jpeg, half, jpeg.length))) {
                byte[] even = part.length % 2 == 0 ? part : Arrays.copyOf(part, part.length + 1);
                fragments.add(even);
                offset += 8 + even.length;
            }
        }
        write(enhanced.dataset(enhanced::perFrameGroups).encapsulated(table.toByteArray(), fragments, JPEG_LOSSLESS_SV1)
                .part10(TestDicom.Encoding.EXPLICIT_LE));

        assertSameAsClassic(DicomSeriesReader.read(dir));
    }

    @Test
    void aMultiFrameFileIsASeriesOfItsOwnBesideClassicFiles() throws IOException {
        try (Stream<Path> files = Files.list(classicFolder)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        write(enhanced.dataset().part10(TestDicom.Encoding.EXPLICIT_LE));
        Volume classic = DicomSeriesReader.read(classicFolder);

        // 79 frames and 79 slices qualify equally: the reader lists both rather than guess.
        assertRefused(() -> DicomSeriesReader.read(dir), "2 CT series qualify equally", EnhancedCtFile.SERIES_UID);
        Volume chosen = DicomSeriesReader.read(dir, DicomReadOptions.defaults().withSeries(EnhancedCtFile.SERIES_UID));

        assertThat(chosen.voxels()).isEqualTo(classic.voxels());
        assertThat(chosen.grid().affine().approximatelyEquals(classic.grid().affine(), 1e-9)).isTrue();
    }

    @Test
    void aPayloadShorterThanItsFramesIsRefused() throws IOException {
        int[] all = enhanced.allFrames();
        write(enhanced.dataset(enhanced::perFrameGroups)
                .pixelWords(Arrays.copyOf(all, all.length - enhanced.rows * enhanced.columns))
                .part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir),
                "enhanced.dcm: pixel data holds 638976 bytes but 79 frames of 64x64, 16/16 bits signed need 647168");
    }

    @Test
    void aFrameWithoutPositionIsRefused() throws IOException {
        write(enhanced.dataset(f -> f == 40 ? enhanced.perFrameGroups(f).remove(DicomTag.PLANE_POSITION)
                : enhanced.perFrameGroups(f)).pixelWords(enhanced.allFrames()).part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir), "enhanced.dcm frame 41: no Plane Position Sequence (0020,9113)",
                "the frame cannot be placed");
    }

    @Test
    void framesOfTwoOrientationsAreRefused() throws IOException {
        write(enhanced.dataset(f -> f == 9 ? enhanced.perFrameGroups(f).sequence(DicomTag.PLANE_ORIENTATION, false,
                new TestDicom().text(DicomTag.IMAGE_ORIENTATION_PATIENT, "DS", "1\\0\\0\\0\\0\\-1"))
                : enhanced.perFrameGroups(f)).pixelWords(enhanced.allFrames()).part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir), "enhanced.dcm frame 10 has another orientation than enhanced.dcm frame 1",
                "one stack of parallel frames");
    }

    @Test
    void framesOfTwoStacksAreRefused() throws IOException {
        write(enhanced.dataset(f -> f % 2 == 0 ? enhanced.perFrameGroups(f)
                : enhanced.perFrameGroups(f).sequence(DicomTag.FRAME_CONTENT, false, new TestDicom().text(DicomTag.STACK_ID, "SH", "2")))
                .pixelWords(enhanced.allFrames()).part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir), "the frames form 2 stacks (Stack ID (0020,9056))");
    }

    @Test
    void anAbsurdOrWrongNumberOfFramesIsRefused() throws IOException {
        write(enhanced.dataset().text(DicomTag.NUMBER_OF_FRAMES, "IS", "2147483647").part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir), "NumberOfFrames (0028,0008) is 2147483647, not a frame count from 1 to");
        write(enhanced.dataset().text(DicomTag.NUMBER_OF_FRAMES, "IS", "80").part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir),
                "NumberOfFrames (0028,0008) is 80 but the Per-frame Functional Groups Sequence holds 79 items");
    }

    @Test
    void aFileOfMillionsOfFunctionalGroupItemsIsRefusedBeforeTheyAreHeld() throws IOException {
        TestDicom[] items = new TestDicom[DicomParser.MAX_ITEMS + 1];
        Arrays.setAll(items, i -> new TestDicom());
        write(enhanced.dataset().sequence(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS, false, items)
                .part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir), "enhanced.dcm: more than 131072 sequence items");
    }

    @Test
    void fragmentsThatDoNotMatchTheFramesWithoutAnOffsetTableAreRefused() throws IOException {
        List<byte[]> fragments = new ArrayList<>();
        for (int f = 0; f < enhanced.frames.size() - 1; f++) {
            fragments.add(TestCodecs.rle16(enhanced.storedWords(f)));
        }
        write(enhanced.dataset(enhanced::perFrameGroups).encapsulated(new byte[0], fragments, RLE_LOSSLESS)
                .part10(TestDicom.Encoding.EXPLICIT_LE));
        assertRefused(() -> DicomSeriesReader.read(dir),
                "compressed pixel data holds 78 fragments for 79 frames and no basic offset table to divide them");
    }

    /** Same voxels and affine as the classic series, and the voxels of its NIfTI conversion. */
    private void assertSameAsClassic(Volume v) {
        Volume classic = DicomSeriesReader.read(classicFolder);
        Volume nifti = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        assertThat(v.grid().dimsText()).isEqualTo("64x64x79");
        assertThat(v.grid().affine().approximatelyEquals(classic.grid().affine(), 1e-9))
                .as("Enhanced affine%n%s%nclassic affine%n%s", v.grid().affine(), classic.grid().affine()).isTrue();
        assertThat(v.grid().affine().approximatelyEquals(nifti.grid().affine(), 1e-3)).isTrue();
        assertThat(v.voxels()).isEqualTo(classic.voxels()).isEqualTo(nifti.voxels());
        assertThat(v.warnings()).isEmpty();
    }

    private Path write(byte[] file) throws IOException {
        return Files.write(dir.resolve("enhanced.dcm"), file);
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
