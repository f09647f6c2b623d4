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
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
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
}
