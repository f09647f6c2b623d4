package org.lungseg.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional array as a {@code .npy} file holds it: the shape, whether the payload is in
 * Fortran order (first axis fastest) or C order (last axis fastest), numpy's {@code descr} of the
 * element type, and the raw payload bytes exactly as stored (byte order per {@code dtype}).
 * Arrays are compared by identity, as in every record of this module that holds a buffer.
 */
public record NpyArray(int[] shape, boolean fortranOrder, String dtype, byte[] data) {

    public NpyArray {
        shape = shape.clone();
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        long bytes = Math.multiplyExact(count, NpyDtype.parse(dtype).itemSize());
        if (bytes != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + bytes + " bytes, got " + data.length);
        }
    }

    /** Float32 values given in {@code order}, stored in the same order. */
    public static NpyArray ofFloats(int[] shape, float[] values, FlatteningOrder order) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new NpyArray(shape, order == FlatteningOrder.FIRST_AXIS_FASTEST, NpyDtype.FLOAT32.descr(), b.array());
    }

    /** Unsigned 8-bit values (e.g. labels) given in {@code order}, stored in the same order. */
    public static NpyArray ofUint8(int[] shape, byte[] values, FlatteningOrder order) {
        return new NpyArray(shape, order == FlatteningOrder.FIRST_AXIS_FASTEST, NpyDtype.UINT8.descr(), values.clone());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public NpyDtype type() {
        return NpyDtype.parse(dtype);
    }

    /** Number of elements. */
    public int size() {
        return data.length / type().itemSize();
    }

    /** The order the payload is stored in. */
    public FlatteningOrder storageOrder() {
        return FlatteningOrder.ofFortranOrder(fortranOrder);
    }

    /** All values as float, flattened in {@code order} (64-bit values are rounded to float). */
    public float[] floats(FlatteningOrder order) {
        float[] stored = type().toFloats(data, size());
        if (order == storageOrder() || shape.length < 2) {
            return stored;
        }
        float[] out = new float[stored.length];
        if (storageOrder() == FlatteningOrder.FIRST_AXIS_FASTEST) {
            AxisReversal.forEach(shape, (f, c) -> out[c] = stored[f]);
        } else { // a C buffer of a shape is the Fortran buffer of the reversed shape
            AxisReversal.forEach(reversed(shape), (c, f) -> out[f] = stored[c]);
        }
        return out;
    }

    static int[] reversed(int[] shape) {
        int[] r = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            r[a] = shape[shape.length - 1 - a];
        }
        return r;
    }
}
