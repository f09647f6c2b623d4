package org.lungseg.dicom;

import org.lungseg.volume.InvalidScanException;

/**
 * Reads a DICOM byte buffer front to back in either byte order. Every read is checked against what
 * the buffer holds, so a length that runs past the end is refused instead of trusted.
 */
final class ByteCursor {

    private final String source;
    private final byte[] bytes;
    private final int end;
    private int position;
    private boolean bigEndian;

    ByteCursor(String source, byte[] bytes, int start, int end, boolean bigEndian) {
        this.source = source;
        this.bytes = bytes;
        this.position = start;
        this.end = end;
        this.bigEndian = bigEndian;
    }

    byte[] bytes() {
        return bytes;
    }

    int position() {
        return position;
    }

    int end() {
        return end;
    }

    long remaining() {
        return end - position;
    }

    void bigEndian(boolean value) {
        this.bigEndian = value;
    }

    /** Fails with a truncation message unless {@code n} more bytes are there. */
    void require(long n, String what) {
        if (n < 0 || n > remaining()) {
            throw new InvalidScanException(source + ": truncated or corrupt: " + what + " needs " + n
                    + " bytes at offset " + position + " but only " + remaining() + " remain");
        }
    }

    int u16() {
        require(2, "a 16-bit value");
        int a = bytes[position] & 0xFF;
        int b = bytes[position + 1] & 0xFF;
        position += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    long u32() {
        require(4, "a 32-bit value");
        long v = bigEndian ? readInt(position, true) : readInt(position, false);
        position += 4;
        return v & 0xFFFFFFFFL;
    }

    /** A tag: group then element, each in the cursor's byte order. */
    int tag() {
        require(4, "a tag");
        int group = u16();
        int element = u16();
        return (group << 16) | element;
    }

    /** The tag at the cursor without moving, read little endian (for the file meta group). */
    int peekTagLittleEndian() {
        if (remaining() < 4) {
            return -1;
        }
        int g = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
        int e = (bytes[position + 2] & 0xFF) | (bytes[position + 3] & 0xFF) << 8;
        return (g << 16) | e;
    }

    /** Two ASCII characters, as an explicit VR. */
    String vr() {
        require(2, "a value representation");
        String vr = new String(bytes, position, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        position += 2;
        return vr;
    }

    byte[] take(long n, String what) {
        require(n, what);
        byte[] copy = java.util.Arrays.copyOfRange(bytes, position, position + (int) n);
        position += (int) n;
        return copy;
    }

    void skip(long n, String what) {
        require(n, what);
        position += (int) n;
    }

    private int readInt(int at, boolean big) {
        int a = bytes[at] & 0xFF;
        int b = bytes[at + 1] & 0xFF;
        int c = bytes[at + 2] & 0xFF;
        int d = bytes[at + 3] & 0xFF;
        return big ? (a << 24) | (b << 16) | (c << 8) | d : (d << 24) | (c << 16) | (b << 8) | a;
    }
}
