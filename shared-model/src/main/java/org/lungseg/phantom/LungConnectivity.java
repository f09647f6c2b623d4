package org.lungseg.phantom;

/**
 * Makes each lung one 6-connected piece: the shapes that cut the lungs (hilar vessels, bronchi,
 * heart) can leave slivers cut off, and a real lung has none. Slivers become mediastinal fat.
 */
final class LungConnectivity {

    private LungConnectivity() {
    }

    /** Returns how many voxels were taken out of the lungs. */
    static int keepLargestPieces(PhantomCanvas c, double fatHu) {
        int count = 0;
        for (byte s : c.side) {
            if (s != 0) {
                count++;
            }
        }
        int[] lung = new int[count];
        int n = 0;
        for (int i = 0; i < c.side.length; i++) {
            if (c.side[i] != 0) {
                lung[n++] = i;
            }
        }
        byte[] seen = new byte[c.size()];
        int[] queue = new int[count];
        int removed = 0;
        for (int side = 1; side <= 2; side++) {
            int[] seeds = new int[16];
            int[] sizes = new int[16];
            int pieces = 0;
            for (int v : lung) {
                if (c.side[v] == side && seen[v] == 0) {
                    if (pieces == seeds.length) {
                        seeds = java.util.Arrays.copyOf(seeds, 2 * pieces);
                        sizes = java.util.Arrays.copyOf(sizes, 2 * pieces);
                    }
                    seeds[pieces] = v;
                    sizes[pieces++] = flood(c, v, side, seen, queue, false, 0);
                }
            }
            int largest = 0;
            for (int p = 1; p < pieces; p++) {
                if (sizes[p] > sizes[largest]) {
                    largest = p;
                }
            }
            for (int p = 0; p < pieces; p++) {
                if (p != largest) {
                    removed += flood(c, seeds[p], side, seen, queue, true, fatHu);
                }
            }
        }
        return removed;
    }

    /**
     * Visits the 6-connected piece of {@code side} that contains {@code start}: marks it seen,
     * or (when {@code remove}) turns it into fat. Returns its size.
     */
    private static int flood(PhantomCanvas c, int start, int side, byte[] seen, int[] queue, boolean remove, double fatHu) {
        int head = 0;
        int tail = 0;
        int plane = c.nx * c.ny;
        queue[tail++] = start;
        mark(c, start, seen, remove, fatHu);
        while (head < tail) {
            int v = queue[head++];
            int k = v / plane;
            int rest = v - k * plane;
            int j = rest / c.nx;
            int i = rest - j * c.nx;
            if (i > 0 && open(c, v - 1, side, seen, remove)) {
                queue[tail++] = mark(c, v - 1, seen, remove, fatHu);
            }
            if (i < c.nx - 1 && open(c, v + 1, side, seen, remove)) {
                queue[tail++] = mark(c, v + 1, seen, remove, fatHu);
            }
            if (j > 0 && open(c, v - c.nx, side, seen, remove)) {
                queue[tail++] = mark(c, v - c.nx, seen, remove, fatHu);
            }
            if (j < c.ny - 1 && open(c, v + c.nx, side, seen, remove)) {
                queue[tail++] = mark(c, v + c.nx, seen, remove, fatHu);
            }
            if (k > 0 && open(c, v - plane, side, seen, remove)) {
                queue[tail++] = mark(c, v - plane, seen, remove, fatHu);
            }
            if (k < c.nz - 1 && open(c, v + plane, side, seen, remove)) {
                queue[tail++] = mark(c, v + plane, seen, remove, fatHu);
            }
        }
        return tail;
    }

    private static boolean open(PhantomCanvas c, int v, int side, byte[] seen, boolean remove) {
        return c.side[v] == side && (remove || seen[v] == 0);
    }

    private static int mark(PhantomCanvas c, int v, byte[] seen, boolean remove, double fatHu) {
        if (remove) {
            c.set(v, Tissue.FAT, fatHu);
        } else {
            seen[v] = 1;
        }
        return v;
    }
}
