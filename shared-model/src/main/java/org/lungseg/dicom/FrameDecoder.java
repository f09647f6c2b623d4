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
        DicomDataset.PixelData pixels = ds.pixelData();
        TransferSyntax ts = ds.transferSyntax();
        if (ts == null) {
            throw TransferSyntax.unsupported(ds.transferSyntaxUid(), ds.source());
        }
        return switch (ts.codec) {
            case NATIVE -> nativeValues(ds.source(), pixels, format, ts.bigEndian);
            case RLE -> RleCodec.decode(ds.source(), EncapsulatedPixelData.singleFrame(ds.source(), pixels), format);
            case JPEG, JPEG_2000 -> ImageIoCodecs.decode(ds.source(), ts,
                    EncapsulatedPixelData.singleFrame(ds.source(), pixels), format);
        };
    }

    private static long[] nativeValues(String source, DicomDataset.PixelData pixels, PixelFormat format, boolean bigEndian) {
        long needed = format.nativeFrameBytes();
        if (pixels.length() < needed) {
            throw new InvalidScanException(source + ": pixel data holds " + pixels.length() + " bytes but a "
                    + format.describe() + " image needs " + needed);
        }
        int n = Math.toIntExact(format.pixelsPerFrame());
        int bytesPerSample = format.bitsAllocated() / 8;
        byte[] b = pixels.buffer();
        long[] values = new long[n];
        int at = pixels.offset();
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
