package org.lungseg.dicom;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.lungseg.volume.InvalidScanException;

/**
 * Decodes compressed frames through maintained ImageIO codecs: JPEG 2000 with jai-imageio's
 * JPEG 2000 reader, JPEG baseline, extended and lossless (process 14) with TwelveMonkeys'. The
 * providers are registered here rather than found by classpath scanning, so they work the same in
 * a shaded jar, a server's class loader or a test. The codestream's size is checked against Rows
 * and Columns before it is decoded.
 */
final class ImageIoCodecs {

    private static final ImageReaderSpi JPEG_2000 = new J2KImageReaderSpi();
    private static final ImageReaderSpi JPEG = registered(new JPEGImageReaderSpi());

    private ImageIoCodecs() {
    }

    /** TwelveMonkeys' JPEG provider finds the JDK's reader it delegates baseline decoding to when registered. */
    private static ImageReaderSpi registered(ImageReaderSpi spi) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        ImageReaderSpi existing = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        if (existing != null) {
            return existing;
        }
        registry.registerServiceProvider(spi);
        return spi;
    }

    static long[] decode(String source, TransferSyntax ts, byte[] frame, PixelFormat format) {
        ImageReader reader = null;
        byte[] stream = ts.codec == TransferSyntax.Codec.JPEG ? withoutFillBeforeEnd(frame) : frame;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(stream))) {
            reader = (ts.codec == TransferSyntax.Codec.JPEG_2000 ? JPEG_2000 : JPEG).createReaderInstance();
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != format.columns() || height != format.rows()) {
                throw new InvalidScanException(source + ": the " + ts.title + " frame is " + width + "x" + height
                        + " but the header says " + format.columns() + "x" + format.rows());
            }
            Raster raster = reader.read(0).getRaster();
            if (raster.getNumBands() != 1) {
                throw new InvalidScanException(source + ": the " + ts.title + " frame has " + raster.getNumBands()
                        + " colour components; lungseg reads greyscale CT");
            }
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            long[] values = new long[samples.length];
            for (int i = 0; i < samples.length; i++) {
                values[i] = format.decodedValue(samples[i]);
            }
            return values;
        } catch (InvalidScanException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidScanException(source + ": " + ts.title + " pixel data could not be decoded ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /**
     * A JPEG stream without the fill bytes (0xFF) that may precede its end-of-image marker (T.81
     * B.1.1.2: they carry no data). Measured: TwelveMonkeys 3.14 decodes the last pixel of a
     * DCMTK-encoded lossless frame ending in {@code FF FF D9} as 0; without the fill byte it gives
     * DCMTK's own decoding.
     */
    static byte[] withoutFillBeforeEnd(byte[] jpeg) {
        int end = jpeg.length;
        while (end > 0 && jpeg[end - 1] == 0) {
            end--;  // DICOM pads fragments to even length
        }
        if (end < 4 || (jpeg[end - 2] & 0xFF) != 0xFF || (jpeg[end - 1] & 0xFF) != 0xD9) {
            return jpeg;
        }
        int marker = end - 2;
        int fill = marker;
        while (fill > 0 && (jpeg[fill - 1] & 0xFF) == 0xFF) {
            fill--;
        }
        if (fill == marker) {
            return jpeg;
        }
        byte[] out = java.util.Arrays.copyOf(jpeg, fill + 2);
        out[fill] = (byte) 0xFF;
        out[fill + 1] = (byte) 0xD9;
        return out;
    }
}
