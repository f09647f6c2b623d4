package org.lungseg.inference;


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
    /** A lung voxel that the scan's air made lung below the threshold (the boundary band). */
    static final int EDGE = 8;
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
    /** See {@link #probeMet()}. */
    private boolean probeMet;
    /** Ring buffer of flood seeds; its length stays a power of two. */
    private int[] queue = new int[1 << 12];

    /** {@code origin} and {@code size} per source axis. */
    VoxelRegion(int[] origin, int[] size) {
        this.origin = origin.clone();
        this.size = size.clone();
        this.strideY = size[0] + 2;
        this.strideZ = strideY * (size[1] + 2);
        long cellCount = (long) strideZ * (size[2] + 2);
        if (cellCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("region " + java.util.Arrays.toString(size) + " is too large for one array");
        }
        this.cells = new byte[(int) cellCount];
        markPadding();
    }

    /** Sets {@link #BORDER} on the padding only: the two end planes, the first and last rows of each plane, and row ends. */
    private void markPadding() {
        byte border = (byte) BORDER;
        int planes = size[2] + 2;
        int rows = size[1] + 2;
        java.util.Arrays.fill(cells, 0, strideZ, border);
        java.util.Arrays.fill(cells, (planes - 1) * strideZ, planes * strideZ, border);
        for (int k = 1; k < planes - 1; k++) {
            int plane = k * strideZ;
            java.util.Arrays.fill(cells, plane, plane + strideY, border);
            java.util.Arrays.fill(cells, plane + (rows - 1) * strideY, plane + rows * strideY, border);
            for (int j = 1; j < rows - 1; j++) {
                cells[plane + j * strideY] = border;
                cells[plane + j * strideY + strideY - 1] = border;
            }
        }
    }

    int[] origin() {
        return origin.clone();
    }

    int size(int axis) {
        return size[axis];
    }

    /** Cell index of region voxel (i, j, k), each from 0. */
    int cell(int i, int j, int k) {
        return (i + 1) + strideY * (j + 1) + strideZ * (k + 1);
    }

    /** Offsets from a cell to its six face neighbours (the border makes each one valid). */
    int[] neighbourSteps() {
        return new int[] {1, -1, strideY, -strideY, strideZ, -strideZ};
    }

    byte[] cells() {
        return cells;
    }

    /**
     * Flood fill with 6-connectivity from {@code seed}: visits every cell reachable through cells
     * {@code c} with {@code (c & testMask) == testValue}, replacing each by
     * {@code (c & ~clearBits) | setBits}. The update must make a visited cell fail the test.
     * Returns the number of cells visited (0 when the seed fails the test).
     *
     * <p>Works a run of cells along the first axis at a time (a scanline fill): the queue holds one
     * entry per run rather than per cell, and the four neighbouring rows are scanned in tight loops.
     */
    long flood(int seed, int testMask, int testValue, int clearBits, int setBits) {
        return flood(seed, testMask, testValue, clearBits, setBits, 0);
    }

    /**
     * {@link #flood(int, int, int, int, int)} that also notes whether a face neighbour of a visited
     * cell has one of {@code probeBits} (read back by {@link #probeMet()}), at no extra pass: the
     * scanline fill reads every neighbouring cell anyway.
     */
    long flood(int seed, int testMask, int testValue, int clearBits, int setBits, int probeBits) {
        byte[] c = cells;
        int mask = testMask | BORDER;
        probeMet = false;
        if ((c[seed] & mask) != testValue) {
            return 0;
        }
        boolean met = false;
        int[] rows = {strideY, -strideY, strideZ, -strideZ};
        int[] q = queue;
        int head = 0;
        int count = 1;
        q[0] = seed;
        long visited = 0;
        while (count > 0) {
            int at = q[head];
            head = (head + 1) & (q.length - 1);
            count--;
            if ((c[at] & mask) != testValue) {
                continue; // filled meanwhile as part of another run
            }
            int lo = at;
            while ((c[lo - 1] & mask) == testValue) {
                lo--;
            }
            int hi = at;
            while ((c[hi + 1] & mask) == testValue) {
                hi++;
            }
            met |= ((c[lo - 1] | c[hi + 1]) & probeBits) != 0;
            for (int i = lo; i <= hi; i++) {
                c[i] = (byte) ((c[i] & ~clearBits) | setBits);
            }
            visited += hi - lo + 1;
            for (int d : rows) {
                boolean inRun = false;
                for (int i = lo + d; i <= hi + d; i++) {
                    met |= (c[i] & probeBits) != 0;
                    boolean match = (c[i] & mask) == testValue;
                    if (match && !inRun) {
                        if (count == q.length) {
                            q = grow(q, head, count);
                            queue = q;
                            head = 0;
                        }
                        q[(head + count) & (q.length - 1)] = i;
                        count++;
                    }
                    inRun = match;
                }
            }
        }
        probeMet = met;
        return visited;
    }

    /** Whether the last flood with probe bits met one of them next to the cells it visited. */
    boolean probeMet() {
        return probeMet;
    }

    /** Clears {@code bits} in every cell. */
    void clear(int bits) {
        byte keep = (byte) ~bits;
        byte[] c = cells;
        for (int i = 0; i < c.length; i++) {
            c[i] &= keep;
        }
    }

    /** A ring buffer twice as large (still a power of two) holding the {@code size} entries from {@code head} on, from 0. */
    private static int[] grow(int[] q, int head, int size) {
        int[] bigger = new int[q.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = q[(head + i) & (q.length - 1)];
        }
        return bigger;
    }
}
