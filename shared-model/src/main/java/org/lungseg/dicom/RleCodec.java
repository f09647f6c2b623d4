package org.lungseg.dicom;

import org.lungseg.volume.InvalidScanException;

/**
 * DICOM RLE Lossless (PS3.5 annex G): a 64-byte header of segment offsets, then one PackBits
 * segment per byte plane, most significant byte first.
 */
final class RleCodec {

    private RleCodec() {
    }

    static long[] decode(String source, byte[] frame, PixelFormat format) {
        int bytesPerSample = format.bitsAllocated() / 8;
        if (frame.length < 64) {
            throw new InvalidScanException(source + ": RLE frame shorter than its 64-byte header");
        }
        long segments = readU32(frame, 0);
        if (segments != bytesPerSample) {
            throw new InvalidScanException(source + ": RLE frame has " + segments + " segments where "
                    + format.bitsAllocated() + "-bit greyscale needs " + bytesPerSample);
        }
        int n = Math.toIntExact(format.pixelsPerFrame());
        long[] words = new long[n];
        for (int s = 0; s < bytesPerSample; s++) {
            long start = readU32(frame, 4 + 4 * s);
            long end = s + 1 < bytesPerSample ? readU32(frame, 8 + 4 * s) : frame.length;
            if (start < 64 || end > frame.length || start > end) {
                throw new InvalidScanException(source + ": RLE segment " + (s + 1) + " lies outside the frame");
            }
            byte[] plane = unpack(source, frame, (int) start, (int) end, n);
            int shift = 8 * (bytesPerSample - 1 - s);
            for (int i = 0; i < n; i++) {
                words[i] |= (long) (plane[i] & 0xFF) << shift;
            }
        }
        for (int i = 0; i < n; i++) {
            words[i] = format.decodedValue(words[i]);
        }
        return words;
    }

    /** PackBits: a control byte n, then n+1 literal bytes (n >= 0) or one byte repeated 1-n times (n < 0). */
    private static byte[] unpack(String source, byte[] in, int from, int to, int size) {
        byte[] out = new byte[size];
        int o = 0;
        int i = from;
        while (o < size) {
            if (i >= to) {
                throw new InvalidScanException(source + ": RLE segment ends after " + o + " of " + size + " bytes");
            }
            int control = in[i++];
            if (control >= 0) {
                int count = control + 1;
                if (i + count > to || o + count > size) {
                    throw new InvalidScanException(source + ": corrupt RLE segment (literal run past the end)");
                }
                System.arraycopy(in, i, out, o, count);
                i += count;
                o += count;
            } else if (control != -128) {
                int count = 1 - control;
                if (i >= to || o + count > size) {
                    throw new InvalidScanException(source + ": corrupt RLE segment (repeat run past the end)");
                }
                java.util.Arrays.fill(out, o, o + count, in[i++]);
                o += count;
            }
        }
        return out;
    }

    private static long readU32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
