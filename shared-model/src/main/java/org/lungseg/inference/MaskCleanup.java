package org.lungseg.inference;

import java.util.Arrays;

/**
 * Morphological clean-up of thresholded lung masks in a {@link VoxelRegion}, per lung: keep the
 * largest 6-connected component plus any component of at least a minimum size (a lung can be cut
 * in two by disease or a fissure, while specks in the bowel or outside the body are noise), then
 * fill the holes (vessels and dense lesions inside the lung that the threshold left out).
 */
final class MaskCleanup {

    private MaskCleanup() {
    }

    /** Keeps per lung the largest component and those of {@code minVoxels} or more; returns voxels removed. */
    static long keepMainComponents(VoxelRegion region, int lungBit, long minVoxels) {
        byte[] c = region.cells();
        int test = lungBit | VoxelRegion.MARK;
        int[] seeds = new int[16];
        long[] sizes = new long[16];
        int count = 0;
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int row = region.cell(0, j, k);
                for (int at = row; at < row + region.size(0); at++) {
                    if ((c[at] & test) == lungBit) {
                        if (count == seeds.length) {
                            seeds = Arrays.copyOf(seeds, count * 2);
                            sizes = Arrays.copyOf(sizes, count * 2);
                        }
                        seeds[count] = at;
                        sizes[count++] = region.flood(at, test, lungBit, 0, VoxelRegion.MARK);
                    }
                }
            }
        }
        long largest = 0;
        for (int i = 0; i < count; i++) {
            largest = Math.max(largest, sizes[i]);
        }
        long removed = 0;
        boolean keptLargest = false;
        for (int i = 0; i < count; i++) {
            boolean isLargest = sizes[i] == largest && !keptLargest;
            keptLargest |= isLargest;
            if (!isLargest && sizes[i] < minVoxels) {
                removed += region.flood(seeds[i], test, test, test, 0);
            }
        }
        region.clear(VoxelRegion.MARK);
        return removed;
    }

    /**
     * Fills the holes of one lung: voxels of its bounding box that cannot reach the box's faces
     * without crossing the lung. Returns the voxels filled.
     */
    static long fillHoles(VoxelRegion region, int lungBit) {
        int[][] box = boundingBox(region, lungBit);
        if (box == null) {
            return 0;
        }
        byte[] c = region.cells();
        int[] lo = box[0];
        int[] hi = box[1];
        // Walls around the box confine the flood to it; the padding already walls the region's edges.
        setWalls(region, lo, hi, true);
        int test = lungBit | VoxelRegion.OUTSIDE;
        for (int k = lo[2]; k <= hi[2]; k++) {
            for (int j = lo[1]; j <= hi[1]; j++) {
                boolean faceRow = k == lo[2] || k == hi[2] || j == lo[1] || j == hi[1];
                int row = region.cell(0, j, k);
                for (int i = lo[0]; i <= hi[0]; i += faceRow ? 1 : Math.max(1, hi[0] - lo[0])) {
                    region.flood(row + i, test, 0, 0, VoxelRegion.OUTSIDE);
                }
            }
        }
        long filled = 0;
        int other = VoxelRegion.LUNGS & ~lungBit;
        for (int k = lo[2]; k <= hi[2]; k++) {
            for (int j = lo[1]; j <= hi[1]; j++) {
                int row = region.cell(0, j, k);
                for (int at = row + lo[0]; at <= row + hi[0]; at++) {
                    int v = c[at];
                    if ((v & test) == 0) {
                        c[at] = (byte) ((v & ~other) | lungBit);
                        filled++;
                    } else {
                        c[at] = (byte) (v & ~VoxelRegion.OUTSIDE);
                    }
                }
            }
        }
        setWalls(region, lo, hi, false);
        return filled;
    }

    /** {lo, hi} region coordinates (inclusive) of the voxels carrying {@code lungBit}, or null. */
    static int[][] boundingBox(VoxelRegion region, int lungBit) {
        byte[] c = region.cells();
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int row = region.cell(0, j, k);
                for (int i = 0; i < region.size(0); i++) {
                    if ((c[row + i] & lungBit) != 0) {
                        lo[0] = Math.min(lo[0], i);
                        hi[0] = Math.max(hi[0], i);
                        lo[1] = Math.min(lo[1], j);
                        hi[1] = Math.max(hi[1], j);
                        lo[2] = Math.min(lo[2], k);
                        hi[2] = Math.max(hi[2], k);
                    }
                }
            }
        }
        return hi[0] < 0 ? null : new int[][] {lo, hi};
    }

    /** Sets (or clears) the border bit on the six planes just outside the box, where they lie in the region. */
    private static void setWalls(VoxelRegion region, int[] lo, int[] hi, boolean on) {
        byte[] c = region.cells();
        for (int k = lo[2] - 1; k <= hi[2] + 1; k++) {
            for (int j = lo[1] - 1; j <= hi[1] + 1; j++) {
                boolean wallRow = k == lo[2] - 1 || k == hi[2] + 1 || j == lo[1] - 1 || j == hi[1] + 1;
                for (int i = lo[0] - 1; i <= hi[0] + 1; i += wallRow ? 1 : hi[0] - lo[0] + 2) {
                    boolean inRegion = i >= 0 && j >= 0 && k >= 0 && i < region.size(0) && j < region.size(1)
                            && k < region.size(2);
                    if (inRegion) {
                        int at = region.cell(i, j, k);
                        c[at] = (byte) (on ? c[at] | VoxelRegion.BORDER : c[at] & ~VoxelRegion.BORDER);
                    }
                }
            }
        }
    }
}
