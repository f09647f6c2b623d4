package org.lungseg.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds .npy files byte by byte from the format specification, independently of NpyWriter. */
final class NpyBytes {

    private NpyBytes() {
    }

    /** A well-formed file: magic, version major.0, length field, header padded to 64, payload. */
    static byte[] file(int major, String dict, byte[] payload) {
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] dictBytes = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int unpadded = 6 + 2 + lengthBytes + dictBytes.length + 1;
        int padding = (64 - unpadded % 64) % 64;
        int headerLength = dictBytes.length + padding + 1;
        ByteBuffer b = ByteBuffer.allocate(unpadded + padding + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dictBytes);
        for (int i = 0; i < padding; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        b.put(payload);
        return b.array();
    }

    static byte[] v1(String dict, byte[] payload) {
        return file(1, dict, payload);
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    /** Little- or big-endian float32 payload. */
    static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
