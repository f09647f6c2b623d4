package org.lungseg.npy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.lungseg.volume.InvalidScanException;

/**
 * Reads numpy {@code .npy} files, format versions 1.0, 2.0 and 3.0, C or Fortran order, of the
 * element types {@link NpyDtype} supports. Every size is checked against the bytes the file
 * actually has before anything is allocated, and the element count against a limit, so a
 * truncated or hostile file costs no more memory than its own length. Bytes after the payload
 * are ignored, as numpy does.
 */
public final class NpyReader {

    /** Default element limit: 2^28, e.g. a 1024x1024x256 scan (1 GiB as float). */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** numpy itself refuses headers over 10 000 bytes unless told otherwise; allow some more. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** The largest byte[] a JVM reliably allocates. */
    private static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

    private final long maxElements;

    public NpyReader() {
        this(DEFAULT_MAX_ELEMENTS);
    }

    public NpyReader(long maxElements) {
        if (maxElements < 1) {
            throw new IllegalArgumentException("maxElements must be positive, got " + maxElements);
        }
        this.maxElements = maxElements;
    }

    /** Reads a {@code .npy} file; I/O failures come as {@link UncheckedIOException}, as for NIfTI. */
    public NpyArray read(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            return read(channel, channel.size(), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole {@code .npy} file held in memory; {@code name} appears in error messages. */
    public NpyArray read(byte[] bytes, String name) {
        try {
            return read(Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length, name);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory read failed", e);
        }
    }

    private NpyArray read(ReadableByteChannel in, long fileSize, String name) throws IOException {
        ByteBuffer prefix = readExactly(in, 8, fileSize, name, "the magic string and version");
        byte[] magic = new byte[6];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidScanException(name + " is not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = prefix.get() & 0xff;
        int minor = prefix.get() & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new InvalidScanException(name + " has .npy format version " + major + "." + minor
                    + "; versions 1.0, 2.0 and 3.0 are supported");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        long headerLength = major == 1
                ? readExactly(in, 2, fileSize - 8, name, "the header length").getShort() & 0xffff
                : readExactly(in, 4, fileSize - 8, name, "the header length").getInt() & 0xffffffffL;
        long dataStart = 8 + lengthBytes + headerLength;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new InvalidScanException(name + " declares a " + headerLength + "-byte header; at most "
                    + MAX_HEADER_BYTES + " are accepted");
        }
        ByteBuffer headerBytes = readExactly(in, (int) headerLength, fileSize - 8 - lengthBytes, name, "the header");
        String text = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        try {
            header = NpyHeader.parse(text);
        } catch (InvalidScanException e) {
            throw new InvalidScanException(name + ": " + e.getMessage(), e);
        }
        NpyDtype dtype;
        try {
            dtype = NpyDtype.parse(header.descr());
        } catch (InvalidScanException e) {
            throw new InvalidScanException(name + ": " + e.getMessage(), e);
        }
        int[] shape = checkedShape(header.shape(), dtype, fileSize - dataStart, name);
        int payload = Math.toIntExact(elementCount(header.shape()) * dtype.itemSize());
        ByteBuffer data = readExactly(in, payload, fileSize - dataStart, name, "the array data");
        return new NpyArray(shape, header.fortranOrder(), dtype.descr(), data.array());
    }

    /** The shape as int dimensions, once it is known that the file holds all its elements. */
    private int[] checkedShape(long[] shape, NpyDtype dtype, long available, String name) {
        String shapeText = Arrays.toString(shape);
        long count = elementCount(shape);
        if (count < 0 || count > maxElements || Arrays.stream(shape).anyMatch(d -> d > Integer.MAX_VALUE)) {
            throw new InvalidScanException(name + " has shape " + shapeText + ", "
                    + (count < 0 ? "more elements than can be counted" : count + " elements")
                    + "; at most " + maxElements + " elements (and " + Integer.MAX_VALUE
                    + " along one axis) are accepted");
        }
        if (count > MAX_PAYLOAD_BYTES / dtype.itemSize()) {
            throw new InvalidScanException(name + " has shape " + shapeText + " of " + dtype.descr()
                    + ", more bytes than one array can hold");
        }
        long bytes = count * dtype.itemSize();
        if (bytes > available) {
            throw new InvalidScanException(name + " is truncated: shape " + shapeText + " of " + dtype.descr()
                    + " needs " + bytes + " bytes of data, the file has " + Math.max(0, available));
        }
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /** Product of the dimensions, or -1 if it overflows a long. */
    private static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d != 0 && count > Long.MAX_VALUE / d) {
                return -1;
            }
            count *= d;
        }
        return count;
    }

    private static ByteBuffer readExactly(ReadableByteChannel in, int n, long available, String name, String what)
            throws IOException {
        if (n > available) {
            throw new InvalidScanException(name + " is truncated: it ends inside " + what);
        }
        ByteBuffer buffer = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new InvalidScanException(name + " is truncated: it ends inside " + what);
            }
        }
        return buffer.flip();
    }
}
