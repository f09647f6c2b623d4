package org.lungseg.inference;

import java.util.Arrays;

/**
 * A box of a scan's grid (in the scan's own storage order) as a byte per voxel of class bits,
 * padded by one voxel of {@link #BORDER} on every side so that flood fills need no bounds checks.
 * Postprocessing works here, where the lungs are, instead of on the whole grid.
 */
final class VoxelRegion {

    static final int LEFT = 1;
    static final int RIGHT = 2;
    static final int INFECTION = 4;
    static final int LUNGS = LEFT | RIGHT;
    /** Scratch bits for flood fills. */
    static final int MARK = 0x10;
    static final int OUTSIDE = 0x20;
    /** The padding: no flood ever enters it. */
    static final int BORDER = 0x40;

    private final int[] origin;
    private final int[] size;
    private final int strideY;
    private final int strideZ;
    private final byte[] cells;
    private int[] queue = new int[1 << 16];

    /** {@code origin} and {@code size} per source axis. */
    VoxelRegion(int[] origin, int[] size) {
        this.origin = origin.clone();
        this.size = size.clone();
        this.strideY = size[0] + 2;
        this.strideZ = strideY * (size[1] + 2);
        long cellCount = (long) strideZ * (size[2] + 2);
        if (cellCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("region " + Arrays.toString(size) + " is too large for one array");
        }
        this.cells = new byte[(int) cellCount];
        Arrays.fill(cells, (byte) BORDER);
        for (int k = 0; k < size[2]; k++) {
            for (int j = 0; j < size[1]; j++) {
                int row = cell(0, j, k);
                Arrays.fill(cells, row, row + size[0], (byte) 0);
            }
        }
    }

    int[] origin() {
        return origin.clone();
    }

    int size(int axis) {
        return size[axis];
    }

    long voxelCount() {
        return (long) size[0] * size[1] * size[2];
    }

    /** Cell index of region voxel (i, j, k), each from 0. */
    int cell(int i, int j, int k) {
        return (i + 1) + strideY * (j + 1) + strideZ * (k + 1);
    }

    byte[] cells() {
        return cells;
    }

    /**
     * Flood fill with 6-connectivity from {@code seed}: visits every cell reachable through cells
     * {@code c} with {@code (c & testMask) == testValue}, replacing each by
     * {@code (c & ~clearBits) | setBits}. The update must make a visited cell fail the test.
     * Returns the number of cells visited (0 when the seed fails the test).
     */
    long flood(int seed, int testMask, int testValue, int clearBits, int setBits) {
        byte[] c = cells;
        int mask = testMask | BORDER;
        if ((c[seed] & mask) != testValue) {
            return 0;
        }
        int[] q = queue;
        int head = 0;
        int tail = 0;
        int qMask = q.length - 1;
        int[] steps = {1, -1, strideY, -strideY, strideZ, -strideZ};
        c[seed] = (byte) ((c[seed] & ~clearBits) | setBits);
        q[tail++ & qMask] = seed;
        long visited = 0;
        while (head != tail) {
            int at = q[head++ & qMask];
            visited++;
            for (int step : steps) {
                int n = at + step;
                int v = c[n];
                if ((v & mask) == testValue) {
                    c[n] = (byte) ((v & ~clearBits) | setBits);
                    if (tail - head == q.length) {
                        q = grow(q, head, tail);
                        queue = q;
                        tail = tail - head;
                        head = 0;
                        qMask = q.length - 1;
                    }
                    q[tail++ & qMask] = n;
                }
            }
        }
        return visited;
    }

    /** Clears {@code bits} in every cell. */
    void clear(int bits) {
        byte keep = (byte) ~bits;
        byte[] c = cells;
        for (int i = 0; i < c.length; i++) {
            c[i] &= keep;
        }
    }

    /** Doubles a full ring buffer, unrolling it so that it starts at 0. */
    private static int[] grow(int[] q, int head, int tail) {
        int[] bigger = new int[q.length * 2];
        int mask = q.length - 1;
        for (int i = head; i != tail; i++) {
            bigger[i - head] = q[i & mask];
        }
        return bigger;
    }
}
