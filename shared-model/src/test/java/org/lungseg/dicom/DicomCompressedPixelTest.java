package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Volume;

/**
 * Encapsulated pixel data: JPEG lossless and RLE encoded by the test read back exactly, split into
 * several fragments behind an offset table; JPEG baseline reads back within its loss; transfer
 * syntaxes without a decoder are named in the refusal.
 */
class DicomCompressedPixelTest {

    @TempDir
    Path dir;

    private final SyntheticSeries s = new SyntheticSeries("1.2.826.0.1.99.3", 9, 7, 3);

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.57"})
    void jpegLosslessReadsExactlyFromSeveralFragments(String transferSyntax) {
        s.valueOffset = -1000;
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> {
            byte[] jpeg = TestCodecs.jpegLossless(s.words(slice.sopIndex()), s.columns, s.rows, 16);
            return slice.encapsulated(new byte[4], split(jpeg, 3), transferSyntax);
        }, TestDicom.Encoding.EXPLICIT_LE));
        assertThat(v.voxels()).isEqualTo(s.expected());
        assertThat(v.voxels()[0]).isEqualTo(-1050f);
    }

    /** Fill bytes before the end marker are legal JPEG and carry no data (DCMTK writes them). */
    @Test
    void fillBytesBeforeTheEndMarkerAreIgnored() {
        s.valueOffset = -1000;
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> {
            byte[] jpeg = TestCodecs.jpegLossless(s.words(slice.sopIndex()), s.columns, s.rows, 16);
            byte[] filled = Arrays.copyOf(jpeg, jpeg.length + 2);
            System.arraycopy(jpeg, jpeg.length - 2, filled, jpeg.length, 2);
            filled[jpeg.length - 2] = (byte) 0xFF;
            filled[jpeg.length - 1] = (byte) 0xFF;
            return slice.encapsulated(new byte[0], List.of(filled), "1.2.840.10008.1.2.4.70");
        }, TestDicom.Encoding.EXPLICIT_LE));
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @Test
    void twelveBitJpegLosslessWithUnsignedPixelsRescales() {
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> {
            int[] words = s.words(slice.sopIndex());
            for (int n = 0; n < words.length; n++) {
                words[n] = (words[n] + 1024) & 0xFFF;
            }
            return slice.us(DicomTag.BITS_STORED, 12).us(DicomTag.HIGH_BIT, 11).us(DicomTag.PIXEL_REPRESENTATION, 0)
                    .text(DicomTag.RESCALE_INTERCEPT, "DS", "-1024")
                    .encapsulated(new byte[0], List.of(TestCodecs.jpegLossless(words, s.columns, s.rows, 12)),
                            "1.2.840.10008.1.2.4.70");
        }, TestDicom.Encoding.EXPLICIT_LE));
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @Test
    void rleLosslessReadsExactly() {
        s.valueOffset = -3000;
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> slice.encapsulated(new byte[0],
                List.of(TestCodecs.rle16(s.words(slice.sopIndex()))), "1.2.840.10008.1.2.5"), TestDicom.Encoding.EXPLICIT_LE));
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @Test
    void jpegBaselineReadsWithinItsLoss() {
        SyntheticSeries smooth = new SyntheticSeries("1.2.826.0.1.99.4", 32, 24, 2);
        Volume v = DicomSeriesReader.read(smooth.write(dir, slice -> {
            int k = slice.sopIndex();
            BufferedImage img = new BufferedImage(smooth.columns, smooth.rows, BufferedImage.TYPE_BYTE_GRAY);
            for (int j = 0; j < smooth.rows; j++) {
                for (int i = 0; i < smooth.columns; i++) {
                    img.getRaster().setSample(i, j, 0, 40 + 4 * i + 2 * j + 10 * k);
                }
            }
            return slice.us(DicomTag.BITS_ALLOCATED, 8).us(DicomTag.BITS_STORED, 8).us(DicomTag.HIGH_BIT, 7)
                    .us(DicomTag.PIXEL_REPRESENTATION, 0).text(DicomTag.RESCALE_INTERCEPT, "DS", "-100")
                    .encapsulated(new byte[0], List.of(jpeg(img)), "1.2.840.10008.1.2.4.50");
        }, TestDicom.Encoding.EXPLICIT_LE));
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < smooth.rows; j++) {
                for (int i = 0; i < smooth.columns; i++) {
                    assertThat(v.get(i, j, k)).isCloseTo(-100 + 40 + 4 * i + 2 * j + 10 * k,
                            org.assertj.core.data.Offset.offset(4f));
                }
            }
        }
    }

    @Test
    void aFrameOfTheWrongSizeIsRefused() {
        Path folder = s.write(dir, slice -> slice.encapsulated(new byte[0],
                List.of(TestCodecs.jpegLossless(new int[8 * 8], 8, 8, 16)), "1.2.840.10008.1.2.4.70"),
                TestDicom.Encoding.EXPLICIT_LE);
        assertThatThrownBy(() -> DicomSeriesReader.read(folder)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("frame is 8x8 but the header says 9x7");
    }

    @Test
    void corruptCompressedDataIsRefused() {
        Path folder = s.write(dir, slice -> {
            byte[] jpeg = TestCodecs.jpegLossless(s.words(slice.sopIndex()), s.columns, s.rows, 16);
            return slice.encapsulated(new byte[0], List.of(Arrays.copyOf(jpeg, 30)), "1.2.840.10008.1.2.4.70");
        }, TestDicom.Encoding.EXPLICIT_LE);
        assertThatThrownBy(() -> DicomSeriesReader.read(folder)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("JPEG lossless, first-order prediction pixel data could not be decoded");
    }

    @Test
    void anUnsupportedTransferSyntaxIsNamed() {
        Path folder = s.write(dir, slice -> slice.encapsulated(new byte[0], List.of(new byte[64]),
                "1.2.840.10008.1.2.4.80"), TestDicom.Encoding.EXPLICIT_LE);
        assertThatThrownBy(() -> DicomSeriesReader.read(folder)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS lossless) is not supported")
                .hasMessageContaining("JPEG 2000 lossless");
    }

    @Test
    void aVideoBesideTheSeriesDoesNotBlockIt() throws IOException {
        s.write(dir, TestDicom.Encoding.EXPLICIT_LE);
        TestDicom video = new TestDicom().text(DicomTag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.77.1.4.1")
                .text(DicomTag.MODALITY, "CS", "ES").us(DicomTag.ROWS, 16).us(DicomTag.COLUMNS, 16)
                .us(DicomTag.BITS_ALLOCATED, 8)
                .encapsulated(new byte[0], List.of(new byte[100]), "1.2.840.10008.1.2.4.102");
        Files.write(dir.resolve("video.dcm"), video.part10(TestDicom.Encoding.EXPLICIT_LE));
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.voxels()).isEqualTo(s.expected());
        assertThat(v.warnings()).contains("ignored 1 image: not CT Image Storage");
    }

    private static List<byte[]> split(byte[] data, int parts) {
        int size = (data.length + parts - 1) / parts;
        return java.util.stream.IntStream.range(0, parts)
                .mapToObj(p -> Arrays.copyOfRange(data, p * size, Math.min(data.length, (p + 1) * size))).toList();
    }

    private static byte[] jpeg(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.98f);
            try (var ios = ImageIO.createImageOutputStream(out)) {
                w.setOutput(ios);
                w.write(null, new javax.imageio.IIOImage(img, null, null), p);
            }
            w.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
