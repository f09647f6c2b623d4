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

    /**
     * Keeps, for each lung, its largest component and those of {@code minVoxels} or more; returns the
     * voxels removed. Kept voxels are left with {@link VoxelRegion#MARK} set.
     */
    static long keepMainComponents(VoxelRegion region, long minVoxels) {
        byte[] c = region.cells();
        Components[] lungs = {null, new Components(), new Components()};
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int row = region.cell(0, j, k);
                for (int at = row; at < row + region.size(0); at++) {
                    int v = c[at];
                    int lung = v & VoxelRegion.LUNGS;
                    if (lung != 0 && (v & VoxelRegion.MARK) == 0) {
                        lungs[lung].add(at, region.flood(at, lung | VoxelRegion.MARK, lung, 0, VoxelRegion.MARK));
                    }
                }
            }
        }
        long removed = 0;
        for (int lung = 1; lung <= 2; lung++) {
            removed += lungs[lung].removeMinor(region, lung, minVoxels);
        }
        return removed;
    }

    /** The components of one lung, by a seed voxel and size. */
    private static final class Components {
        private int[] seeds = new int[16];
        private long[] sizes = new long[16];
        private int count;

        void add(int seed, long size) {
            if (count == seeds.length) {
                seeds = Arrays.copyOf(seeds, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            seeds[count] = seed;
            sizes[count++] = size;
        }

        /** Removes all but the largest component and those of at least {@code minVoxels}. */
        long removeMinor(VoxelRegion region, int lung, long minVoxels) {
            int largest = -1;
            for (int i = 0; i < count; i++) {
                if (largest < 0 || sizes[i] > sizes[largest]) {
                    largest = i;
                }
            }
            long removed = 0;
            int marked = lung | VoxelRegion.MARK;
            for (int i = 0; i < count; i++) {
                if (i != largest && sizes[i] < minVoxels) {
                    removed += region.flood(seeds[i], marked, marked, marked, 0);
                }
            }
            return removed;
        }
    }

    /**
     * Fills the holes of each lung: voxels of its bounding box that cannot reach the box's faces
     * without crossing the lung. Returns the voxels filled.
     */
    static long fillHoles(VoxelRegion region) {
        int[][][] boxes = boundingBoxes(region);
        long filled = 0;
        for (int lung = 1; lung <= 2; lung++) {
            if (boxes[lung] != null) {
                filled += fillHoles(region, lung, boxes[lung]);
            }
        }
        return filled;
    }

    private static long fillHoles(VoxelRegion region, int lungBit, int[][] box) {
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

    /** Per lung value (1, 2): {lo, hi} region coordinates (inclusive) of its voxels, or null when it has none. */
    static int[][][] boundingBoxes(VoxelRegion region) {
        byte[] c = region.cells();
        int[][] lo = new int[3][];
        int[][] hi = new int[3][];
        for (int lung = 1; lung <= 2; lung++) {
            lo[lung] = new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
            hi[lung] = new int[] {-1, -1, -1};
        }
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int row = region.cell(0, j, k);
                for (int i = 0; i < region.size(0); i++) {
                    int lung = c[row + i] & VoxelRegion.LUNGS;
                    if (lung != 0) {
                        int[] l = lo[lung];
                        int[] h = hi[lung];
                        l[0] = Math.min(l[0], i);
                        h[0] = Math.max(h[0], i);
                        l[1] = Math.min(l[1], j);
                        h[1] = Math.max(h[1], j);
                        l[2] = Math.min(l[2], k);
                        h[2] = Math.max(h[2], k);
                    }
                }
            }
        }
        int[][][] boxes = new int[3][][];
        for (int lung = 1; lung <= 2; lung++) {
            boxes[lung] = hi[lung][0] < 0 ? null : new int[][] {lo[lung], hi[lung]};
        }
        return boxes;
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
