package org.lungseg.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lungseg.volume.InvalidScanException;

/**
 * A numpy element type as a {@code .npy} header's {@code descr} names it (e.g. {@code <f4}):
 * the kind, the size in bytes and the byte order. Only the numeric and boolean types a scan or
 * mask is stored in are supported.
 */
public record NpyDtype(Kind kind, ByteOrder byteOrder) {

    /** The supported element kinds with numpy's type character and item size. */
    public enum Kind {
        BOOL('b', 1), INT8('i', 1), UINT8('u', 1), INT16('i', 2), UINT16('u', 2),
        INT32('i', 4), UINT32('u', 4), INT64('i', 8), FLOAT32('f', 4), FLOAT64('f', 8);

        final char code;
        final int size;

        Kind(char code, int size) {
            this.code = code;
            this.size = size;
        }

        public int size() {
            return size;
        }
    }

    static final String SUPPORTED = "|b1 |i1 |u1 <i2 <u2 <i4 <u4 <i8 <f4 <f8 (and their big-endian '>' forms)";

    public static final NpyDtype FLOAT32 = new NpyDtype(Kind.FLOAT32, ByteOrder.LITTLE_ENDIAN);
    public static final NpyDtype UINT8 = new NpyDtype(Kind.UINT8, ByteOrder.LITTLE_ENDIAN);

    /** Parses a {@code descr} string; anything else (complex, object, strings, records) is refused. */
    public static NpyDtype parse(String descr) {
        if (descr.length() >= 3) {
            char orderChar = descr.charAt(0);
            char code = descr.charAt(1);
            String sizeText = descr.substring(2);
            for (Kind kind : Kind.values()) {
                if (kind.code == code && sizeText.equals(Integer.toString(kind.size))) {
                    if (orderChar == '<' || (orderChar == '|' && kind.size == 1)) {
                        return new NpyDtype(kind, ByteOrder.LITTLE_ENDIAN);
                    }
                    if (orderChar == '>') {
                        return new NpyDtype(kind, ByteOrder.BIG_ENDIAN);
                    }
                }
            }
        }
        throw new InvalidScanException("unsupported .npy dtype '" + descr + "'; supported are " + SUPPORTED);
    }

    /** The {@code descr} numpy writes for this type, e.g. {@code |u1} or {@code >i2}. */
    public String descr() {
        char orderChar = kind.size == 1 ? '|' : byteOrder == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return "" + orderChar + kind.code + kind.size;
    }

    public int itemSize() {
        return kind.size;
    }

    /** Decodes {@code count} elements of {@code data} (in storage order) to float. */
    float[] toFloats(byte[] data, int count) {
        ByteBuffer b = ByteBuffer.wrap(data).order(byteOrder);
        float[] out = new float[count];
        switch (kind) {
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i] != 0 ? 1f : 0f;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i];
                }
            }
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i] & 0xff;
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getShort(2 * i);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getShort(2 * i) & 0xffff;
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            case UINT32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getInt(4 * i) & 0xffffffffL;
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b.getLong(8 * i);
                }
            }
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return out;
    }
}
