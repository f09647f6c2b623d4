package org.lungseg.npy;

/**
 * Walks the elements of an array of a given shape in one flattening order and tells, for each,
 * its flat index in another order: the one cursor behind transposing C and Fortran buffers and
 * reading run-length codes in either order. Stepping is O(1) amortised; seeking is O(rank).
 */
public final class IndexWalk {

    private final int[] extent;       // extent of the k-th fastest walk axis
    private final long[] targetStride; // target-order stride of the k-th fastest walk axis
    private final int[] counter;
    private final long size;
    private long position;
    private long target;

    public IndexWalk(int[] shape, FlatteningOrder walkOrder, FlatteningOrder targetOrder) {
        int rank = shape.length;
        long[] strides = targetOrder.strides(shape);
        extent = new int[rank];
        targetStride = new long[rank];
        counter = new int[rank];
        long n = 1;
        for (int k = 0; k < rank; k++) {
            int axis = walkOrder.axisAt(k, rank);
            extent[k] = shape[axis];
            targetStride[k] = strides[axis];
            n = Math.multiplyExact(n, shape[axis]);
        }
        size = n;
    }

    /** Number of elements walked. */
    public long size() {
        return size;
    }

    /** Current position in the walk order, 0-based. */
    public long position() {
        return position;
    }

    /** Flat index, in the target order, of the element at the current position. */
    public long target() {
        return target;
    }

    /** Moves to the next position. */
    public void next() {
        position++;
        for (int k = 0; k < extent.length; k++) {
            target += targetStride[k];
            if (++counter[k] < extent[k]) {
                return;
            }
            target -= targetStride[k] * extent[k];
            counter[k] = 0;
        }
    }

    /** Moves to any position {@code 0 <= p < size()}. */
    public void seek(long p) {
        if (p < 0 || p >= size) {
            throw new IndexOutOfBoundsException("position " + p + " outside 0.." + (size - 1));
        }
        position = p;
        target = 0;
        long rest = p;
        for (int k = 0; k < extent.length; k++) {
            counter[k] = (int) (rest % extent[k]);
            rest /= extent[k];
            target += counter[k] * targetStride[k];
        }
    }
}
