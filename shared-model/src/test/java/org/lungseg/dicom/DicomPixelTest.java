package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Volume;

/**
 * Stored pixel values to CT numbers: bits stored and high bit, sign extension, 8-bit pixels,
 * rescale per slice, padding values, MONOCHROME1, and refusal of colour images.
 */
class DicomPixelTest {

    @TempDir
    Path dir;

    private final SyntheticSeries s = new SyntheticSeries("1.2.826.0.1.99.2", 6, 5, 3);

    @Test
    void twelveStoredBitsAreMaskedFromOverlayBitsThenRescaled() {
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> slice.us(DicomTag.BITS_STORED, 12)
                .us(DicomTag.HIGH_BIT, 11).us(DicomTag.PIXEL_REPRESENTATION, 0)
                .text(DicomTag.RESCALE_SLOPE, "DS", "2").text(DicomTag.RESCALE_INTERCEPT, "DS", "-1024")
                .pixelWords(withGarbageAbove12Bits(stored(slice))), TestDicom.Encoding.EXPLICIT_LE));
        // Unsigned 12-bit: the written value modulo 4096, times 2, minus 1024.
        float[] expected = s.expected();
        for (int n = 0; n < expected.length; n++) {
            expected[n] = ((int) expected[n] & 0xFFF) * 2 - 1024;
        }
        assertThat(v.voxels()).isEqualTo(expected);
    }

    @Test
    void signedTwelveBitValuesAreSignExtended() {
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> slice.us(DicomTag.BITS_STORED, 12)
                .us(DicomTag.HIGH_BIT, 11).pixelWords(withGarbageAbove12Bits(stored(slice))), TestDicom.Encoding.IMPLICIT_LE));
        assertThat(v.voxels()).isEqualTo(s.expected());
        assertThat(v.voxels()[0]).isNegative();
    }

    @Test
    void storedBitsBelowAHighHighBitAreShiftedDown() {
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> {
            int[] words = stored(slice);
            for (int n = 0; n < words.length; n++) {
                words[n] = (words[n] & 0xFFF) << 4 | 0x5;
            }
            return slice.us(DicomTag.BITS_STORED, 12).us(DicomTag.HIGH_BIT, 15).pixelWords(words);
        }, TestDicom.Encoding.EXPLICIT_BE));
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @Test
    void eightBitPixelsRead() {
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> {
            int[] words = stored(slice);
            byte[] bytes = new byte[words.length];
            for (int n = 0; n < words.length; n++) {
                bytes[n] = (byte) (words[n] + 50);
            }
            return slice.us(DicomTag.BITS_ALLOCATED, 8).us(DicomTag.BITS_STORED, 8).us(DicomTag.HIGH_BIT, 7)
                    .us(DicomTag.PIXEL_REPRESENTATION, 0).text(DicomTag.RESCALE_INTERCEPT, "DS", "-50")
                    .pixelBytes(bytes);
        }, TestDicom.Encoding.EXPLICIT_LE));
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @Test
    void eachSliceKeepsItsOwnRescale() {
        Path folder = s.write(dir, slice -> slice.text(DicomTag.RESCALE_SLOPE, "DS",
                sliceIndex(slice) == 1 ? "0.5" : "1"), TestDicom.Encoding.EXPLICIT_LE);
        Volume v = DicomSeriesReader.read(folder);
        assertThat(v.get(0, 0, 0)).isEqualTo(s.value(0, 0, 0));
        assertThat(v.get(3, 2, 1)).isEqualTo(s.value(3, 2, 1) * 0.5f);
        assertThat(v.get(3, 2, 2)).isEqualTo(s.value(3, 2, 2));
    }

    @Test
    void paddingValuesBecomeAirWithAWarning() {
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> {
            int[] words = stored(slice);
            words[0] = -2000 & 0xFFFF;
            words[1] = -2000 & 0xFFFF;
            return slice.us(DicomTag.PIXEL_PADDING_VALUE, -2000 & 0xFFFF).pixelWords(words);
        }, TestDicom.Encoding.IMPLICIT_LE));
        assertThat(v.get(0, 0, 0)).isEqualTo(SeriesAssembler.PADDING_HU);
        assertThat(v.get(1, 0, 2)).isEqualTo(SeriesAssembler.PADDING_HU);
        assertThat(v.get(2, 0, 2)).isEqualTo(s.value(2, 0, 2));
        assertThat(v.warnings()).anyMatch(w -> w.startsWith("6 voxels held the Pixel Padding Value"));
    }

    @Test
    void monochrome1KeepsTheCtNumbersOfItsRescale() {
        Volume mono2 = DicomSeriesReader.read(s.write(dir.resolve("m2"), TestDicom.Encoding.EXPLICIT_LE));
        Volume mono1 = DicomSeriesReader.read(s.write(dir.resolve("m1"),
                slice -> slice.text(DicomTag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME1"), TestDicom.Encoding.EXPLICIT_LE));
        assertThat(mono1.voxels()).isEqualTo(mono2.voxels());
        assertThat(mono1.warnings()).anyMatch(w -> w.contains("MONOCHROME1"));
    }

    @Test
    void colourImagesAreRefused() {
        Path folder = s.write(dir, slice -> slice.us(DicomTag.SAMPLES_PER_PIXEL, 3)
                .text(DicomTag.PHOTOMETRIC_INTERPRETATION, "CS", "RGB"), TestDicom.Encoding.EXPLICIT_LE);
        assertThatThrownBy(() -> DicomSeriesReader.read(folder)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("photometric interpretation 'RGB' with 3 samples per pixel is not supported");
    }

    @Test
    void pixelDataShorterThanTheImageIsRefused() {
        Path folder = s.write(dir, slice -> slice.pixelWords(new int[7]), TestDicom.Encoding.EXPLICIT_LE);
        assertThatThrownBy(() -> DicomSeriesReader.read(folder)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("pixel data holds 14 bytes but a 6x5, 16/16 bits signed image needs 60");
    }

    private int[] stored(TestDicom slice) {
        return s.words(sliceIndex(slice));
    }

    /** The slice's index, from the SOP instance UID suffix the series gave it. */
    private int sliceIndex(TestDicom slice) {
        return slice.sopIndex();
    }

    private static int[] withGarbageAbove12Bits(int[] words) {
        int[] w = words.clone();
        for (int n = 0; n < w.length; n++) {
            w[n] = (w[n] & 0xFFF) | ((n % 16) << 12);
        }
        return w;
    }
}
