package org.lungseg.dicom;

import org.lungseg.volume.InvalidScanException;

/**
 * Turns one image's pixel data into stored values (before rescaling), row by row, whatever the
 * transfer syntax: native words in either byte order, or a compressed frame through its codec.
 */
final class FrameDecoder {

    private FrameDecoder() {
    }

    static long[] storedValues(DicomDataset ds, PixelFormat format) {
        TransferSyntax ts = supported(ds);
        return ts.codec == TransferSyntax.Codec.NATIVE ? nativeFrame(ds, format, 0)
                : compressedFrame(ds, format, EncapsulatedPixelData.singleFrame(ds.source(), ds.pixelData()));
    }

    /** Frame {@code frame} (from 0) of native pixel data, which holds the frames one after the other. */
    static long[] nativeFrame(DicomDataset ds, PixelFormat format, int frame) {
        return nativeValues(ds.source(), ds.pixelData(), format, supported(ds).bigEndian, frame);
    }

    /** One frame's compressed bytes through the transfer syntax's codec. */
    static long[] compressedFrame(DicomDataset ds, PixelFormat format, byte[] compressed) {
        TransferSyntax ts = supported(ds);
        return switch (ts.codec) {
            case RLE -> RleCodec.decode(ds.source(), compressed, format);
            case JPEG, JPEG_2000 -> ImageIoCodecs.decode(ds.source(), ts, compressed, format);
            case NATIVE -> throw new IllegalStateException("native pixel data is not compressed");
        };
    }

    /** The dataset's transfer syntax, or a refusal naming it when lungseg cannot decode it. */
    static TransferSyntax supported(DicomDataset ds) {
        if (ds.transferSyntax() == null) {
            throw TransferSyntax.unsupported(ds.transferSyntaxUid(), ds.source());
        }
        return ds.transferSyntax();
    }

    private static long[] nativeValues(String source, DicomDataset.PixelData pixels, PixelFormat format, boolean bigEndian,
                                       int frame) {
        long needed = format.nativeFrameBytes();
        if (pixels.length() < needed * (frame + 1)) {
            throw new InvalidScanException(source + ": pixel data holds " + pixels.length() + " bytes but a "
                    + format.describe() + " image needs " + needed + (frame == 0 ? "" : " per frame for frame " + (frame + 1)));
        }
        int n = Math.toIntExact(format.pixelsPerFrame());
        int bytesPerSample = format.bitsAllocated() / 8;
        byte[] b = pixels.buffer();
        long[] values = new long[n];
        int at = Math.toIntExact(pixels.offset() + needed * frame);
        for (int i = 0; i < n; i++, at += bytesPerSample) {
            long word = 0;
            for (int j = 0; j < bytesPerSample; j++) {
                int shift = bigEndian ? 8 * (bytesPerSample - 1 - j) : 8 * j;
                word |= (long) (b[at + j] & 0xFF) << shift;
            }
            values[i] = format.storedValue(word);
        }
        return values;
    }
}
