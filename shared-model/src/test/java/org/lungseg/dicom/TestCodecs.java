package org.lungseg.dicom;

import java.io.ByteArrayOutputStream;

/**
 * Encoders the tests need and no library here offers: JPEG lossless (ITU T.81 process 14, one
 * component, first-order prediction) and DICOM RLE (PackBits byte planes). Written from the
 * standards, independently of the decoders the reader uses.
 */
final class TestCodecs {

    private TestCodecs() {
    }

    /** JPEG lossless with selection value 1 (left neighbour). */
    static byte[] jpegLossless(int[] samples, int width, int height, int precision) {
        return jpegLossless(samples, width, height, precision, 1);
    }

    /**
     * JPEG lossless with selection value {@code predictor} (1..7), point transform 0, one Huffman
     * table in which every difference category 0..16 has a 5-bit code.
     */
    static byte[] jpegLossless(int[] samples, int width, int height, int precision, int predictor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        marker(out, 0xD8);
        marker(out, 0xC3);
        u16(out, 11);
        out.write(precision);
        u16(out, height);
        u16(out, width);
        out.write(1);
        out.write(1);
        out.write(0x11);
        out.write(0);
        marker(out, 0xC4);
        u16(out, 2 + 1 + 16 + 17);
        out.write(0x00);
        for (int len = 1; len <= 16; len++) {
            out.write(len == 5 ? 17 : 0);
        }
        for (int s = 0; s <= 16; s++) {
            out.write(s);
        }
        marker(out, 0xDA);
        u16(out, 8);
        out.write(1);
        out.write(1);
        out.write(0x00);
        out.write(predictor);
        out.write(0);
        out.write(0);
        BitWriter bits = new BitWriter(out);
        int mask = (1 << precision) - 1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int value = samples[y * width + x] & mask;
                int predicted;
                if (x == 0 && y == 0) {
                    predicted = 1 << (precision - 1);
                } else if (y == 0) {
                    predicted = samples[x - 1] & mask;
                } else if (x == 0) {
                    predicted = samples[(y - 1) * width] & mask;
                } else {
                    predicted = predict(predictor, samples[y * width + x - 1] & mask,
                            samples[(y - 1) * width + x] & mask, samples[(y - 1) * width + x - 1] & mask);
                }
                int diff = (value - predicted) & 0xFFFF;
                if (diff >= 0x8000) {
                    diff -= 0x10000;
                }
                int category = diff == -0x8000 ? 16 : 32 - Integer.numberOfLeadingZeros(Math.abs(diff));
                bits.write(category, 5);
                if (category > 0 && category < 16) {
                    int extra = diff < 0 ? diff + (1 << category) - 1 : diff;
                    bits.write(extra, category);
                }
            }
        }
        bits.flush();
        marker(out, 0xD9);
        return out.toByteArray();
    }

    /** T.81 table H.1: a = left, b = above, c = above left. */
    private static int predict(int selection, int a, int b, int c) {
        return switch (selection) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            case 4 -> a + b - c;
            case 5 -> a + ((b - c) >> 1);
            case 6 -> b + ((a - c) >> 1);
            case 7 -> (a + b) >> 1;
            default -> throw new IllegalArgumentException("selection value " + selection);
        };
    }

    /** DICOM RLE Lossless for 16-bit words: two PackBits segments, high bytes first. */
    static byte[] rle16(int[] words) {
        byte[] high = new byte[words.length];
        byte[] low = new byte[words.length];
        for (int i = 0; i < words.length; i++) {
            high[i] = (byte) (words[i] >>> 8);
            low[i] = (byte) words[i];
        }
        byte[] s1 = even(packBits(high));
        byte[] s2 = even(packBits(low));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] header = new int[16];
        header[0] = 2;
        header[1] = 64;
        header[2] = 64 + s1.length;
        for (int h : header) {
            out.write(h & 0xFF);
            out.write(h >>> 8 & 0xFF);
            out.write(h >>> 16 & 0xFF);
            out.write(h >>> 24 & 0xFF);
        }
        out.writeBytes(s1);
        out.writeBytes(s2);
        return out.toByteArray();
    }

    /** PackBits: runs of 3 or more equal bytes as repeats, the rest as literals of at most 128. */
    static byte[] packBits(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int run = 1;
            while (i + run < in.length && in[i + run] == in[i] && run < 128) {
                run++;
            }
            if (run >= 3) {
                out.write(1 - run);
                out.write(in[i]);
                i += run;
                continue;
            }
            int start = i;
            while (i < in.length && i - start < 128
                    && !(i + 2 < in.length && in[i] == in[i + 1] && in[i] == in[i + 2])) {
                i++;
            }
            out.write(i - start - 1);
            out.write(in, start, i - start);
        }
        return out.toByteArray();
    }

    private static byte[] even(byte[] b) {
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static void marker(ByteArrayOutputStream out, int code) {
        out.write(0xFF);
        out.write(code);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8 & 0xFF);
        out.write(v & 0xFF);
    }

    /** Entropy-coded bits, most significant first, with a zero stuffed after each 0xFF. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private int current;
        private int filled;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int count) {
            for (int b = count - 1; b >= 0; b--) {
                current = current << 1 | (value >>> b & 1);
                if (++filled == 8) {
                    emit();
                }
            }
        }

        void flush() {
            while (filled != 0) {
                current = current << 1 | 1;
                if (++filled == 8) {
                    emit();
                }
            }
        }

        private void emit() {
            out.write(current);
            if (current == 0xFF) {
                out.write(0);
            }
            current = 0;
            filled = 0;
        }
    }
}
