package org.lungseg.npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes {@code .npy} files as numpy does: format 1.0, or 2.0 when the header would not fit 1.0's
 * 16-bit length; the header padded with spaces and a newline so the data starts on a 64-byte
 * boundary.
 */
public final class NpyWriter {

    private static final int ALIGNMENT = 64;

    private NpyWriter() {
    }

    /** Writes a {@code .npy} file; I/O failures come as {@link UncheckedIOException}. */
    public static void write(NpyArray array, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(preamble(array));
            out.write(array.data());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] toBytes(NpyArray array) {
        byte[] preamble = preamble(array);
        byte[] all = Arrays.copyOf(preamble, preamble.length + array.data().length);
        System.arraycopy(array.data(), 0, all, preamble.length, array.data().length);
        return all;
    }

    /** Magic, version, header length and the padded header. */
    private static byte[] preamble(NpyArray array) {
        long[] shape = Arrays.stream(array.shape()).asLongStream().toArray();
        String dict = new NpyHeader(array.dtype(), array.fortranOrder(), shape).format();
        int major = dict.length() + 1 + ALIGNMENT <= 0xffff ? 1 : 2;
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = NpyReader.MAGIC.length + 2 + lengthBytes + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(unpadded + padding).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }
}
