package org.lungseg.inference;

import java.util.Arrays;
import org.lungseg.volume.Grid;

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
     * Keeps, for each lung, its largest component; gives each other component that touches the
     * other lung to that lung (the network hesitated over the side, as lungmask's postprocessing
     * assumes too), and keeps the rest from {@code minVoxels} up. Returns the voxels removed.
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
                        long size = region.flood(at, lung | VoxelRegion.MARK, lung, 0, VoxelRegion.MARK,
                                VoxelRegion.LUNGS & ~lung);
                        lungs[lung].add(at, size, region.probeMet());
                    }
                }
            }
        }
        // Contacts were noted on the network's answer, before either lung changes.
        long removed = 0;
        for (int lung = 1; lung <= 2; lung++) {
            removed += lungs[lung].settleMinor(region, lung, minVoxels);
        }
        return removed;
    }

    /**
     * Clears infection outside the lungs, then each infected region (6-connected) inside them of
     * fewer than {@code minVoxels}; returns the infected lung voxels cleared.
     */
    static long removeSmallLesions(VoxelRegion region, long minVoxels) {
        byte[] c = region.cells();
        for (int at = 0; at < c.length; at++) {
            int v = c[at] & ~VoxelRegion.MARK;
            c[at] = (byte) ((v & VoxelRegion.LUNGS) == 0 ? v & ~VoxelRegion.INFECTION : v);
        }
        int lesion = VoxelRegion.INFECTION | VoxelRegion.MARK;
        long removed = 0;
        for (int at = 0; at < c.length; at++) {
            if ((c[at] & lesion) == VoxelRegion.INFECTION
                    && region.flood(at, lesion, VoxelRegion.INFECTION, 0, VoxelRegion.MARK) < minVoxels) {
                removed += region.flood(at, lesion, lesion, lesion, 0);
            }
        }
        return removed;
    }

    /** The components of one lung, by a seed voxel and size. */
    private static final class Components {
        private int[] seeds = new int[16];
        private long[] sizes = new long[16];
        private boolean[] touchesOtherLung = new boolean[16];
        private int count;

        void add(int seed, long size, boolean touchesOther) {
            if (count == seeds.length) {
                seeds = Arrays.copyOf(seeds, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
                touchesOtherLung = Arrays.copyOf(touchesOtherLung, count * 2);
            }
            seeds[count] = seed;
            sizes[count] = size;
            touchesOtherLung[count++] = touchesOther;
        }

        private int largest() {
            int largest = -1;
            for (int i = 0; i < count; i++) {
                if (largest < 0 || sizes[i] > sizes[largest]) {
                    largest = i;
                }
            }
            return largest;
        }

        /**
         * Gives the components but the largest that touched the other lung to it (unmarked, so that no
         * later flood of that lung's components enters them) and removes the others under
         * {@code minVoxels}; returns the voxels removed.
         */
        long settleMinor(VoxelRegion region, int lung, long minVoxels) {
            int largest = largest();
            long removed = 0;
            int marked = lung | VoxelRegion.MARK;
            int other = VoxelRegion.LUNGS & ~lung;
            for (int i = 0; i < count; i++) {
                if (i != largest && touchesOtherLung[i]) {
                    region.flood(seeds[i], VoxelRegion.LUNGS | VoxelRegion.MARK, marked, marked, other);
                } else if (i != largest && sizes[i] < minVoxels) {
                    removed += region.flood(seeds[i], marked, marked, marked, 0);
                }
            }
            return removed;
        }
    }

    /**
     * The smaller lung, when it touches the larger broadly, is part of it: the two lungs meet at most
     * along a thin junction line, while a scan cut to one lung can get that lung labelled in two
     * parts. Broadly means a contact area of at least {@code minContact} times the smaller lung's
     * volume to the power 2/3 (resolution-independent: under 0.01 for the whole chests seen
     * here, 0.55 for a one-lung crop labelled in two parts), and centres less than
     * {@code maxSeparationMm} apart from left to right: two real lungs lie side by side, even when
     * a coarse model lets them touch. Relabels the smaller lung and returns its value, or 0.
     */
    static int mergeTouchingLungs(VoxelRegion region, Grid grid, double minContact, double maxSeparationMm) {
        byte[] c = region.cells();
        int[] o = region.origin();
        long[] voxels = new long[3];
        double[][] sums = new double[3][3];
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int row = region.cell(0, j, k);
                for (int i = 0; i < region.size(0); i++) {
                    int side = c[row + i] & VoxelRegion.LUNGS;
                    if (side != 0) {
                        voxels[side]++;
                        sums[side][0] += o[0] + i;
                        sums[side][1] += o[1] + j;
                        sums[side][2] += o[2] + k;
                    }
                }
            }
        }
        int smaller = voxels[VoxelRegion.LEFT] <= voxels[VoxelRegion.RIGHT] ? VoxelRegion.LEFT : VoxelRegion.RIGHT;
        if (voxels[smaller] == 0) {
            return 0;
        }
        // Separation first: it settles the usual two-lung chest without the contact count's neighbour reads.
        double[] left = centre(grid, sums[VoxelRegion.LEFT], voxels[VoxelRegion.LEFT]);
        double[] right = centre(grid, sums[VoxelRegion.RIGHT], voxels[VoxelRegion.RIGHT]);
        if (Math.abs(left[0] - right[0]) >= maxSeparationMm) {
            return 0;
        }
        long contacts = 0;
        int[] steps = region.neighbourSteps();
        byte larger = (byte) (VoxelRegion.LUNGS & ~smaller);
        for (int at = 0; at < c.length; at++) {
            if ((c[at] & VoxelRegion.LUNGS) == smaller && touches(c, at, steps, larger)) {
                contacts++;
            }
        }
        double voxelMm3 = grid.voxelVolumeMm3();
        double area = contacts * Math.pow(voxelMm3, 2.0 / 3);
        if (area < minContact * Math.pow(voxels[smaller] * voxelMm3, 2.0 / 3)) {
            return 0;
        }
        for (int i = 0; i < c.length; i++) {
            if ((c[i] & VoxelRegion.LUNGS) == smaller) {
                c[i] = (byte) ((c[i] & ~VoxelRegion.LUNGS) | larger);
            }
        }
        return smaller;
    }

    /** World (RAS mm) position of the mean voxel. */
    private static double[] centre(Grid grid, double[] sum, long n) {
        return grid.affine().apply(sum[0] / n, sum[1] / n, sum[2] / n);
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
        int test = lungBit | VoxelRegion.OUTSIDE;
        byte outside = (byte) VoxelRegion.OUTSIDE;
        // Outside for certain: every non-lung voxel of a face row, and in the other rows the voxels
        // before the row's first lung voxel and after its last (they reach the box's side faces).
        for (int k = lo[2]; k <= hi[2]; k++) {
            for (int j = lo[1]; j <= hi[1]; j++) {
                int first = region.cell(lo[0], j, k);
                int last = region.cell(hi[0], j, k);
                boolean faceRow = k == lo[2] || k == hi[2] || j == lo[1] || j == hi[1];
                int a = first;
                while (a <= last && (c[a] & lungBit) == 0) {
                    c[a++] |= outside;
                }
                int b = last;
                while (b > a && (c[b] & lungBit) == 0) {
                    c[b--] |= outside;
                }
                if (faceRow) {
                    for (int at = a; at <= b; at++) {
                        c[at] |= (c[at] & lungBit) == 0 ? outside : 0;
                    }
                }
            }
        }
        // Then whatever non-lung voxel between a row's lung voxels touches the outside is outside too.
        // Floods cannot leave the box: every non-lung voxel on its faces is already outside.
        int[] steps = region.neighbourSteps();
        for (int k = lo[2] + 1; k < hi[2]; k++) {
            for (int j = lo[1] + 1; j < hi[1]; j++) {
                int row = region.cell(0, j, k);
                for (int at = row + lo[0]; at <= row + hi[0]; at++) {
                    if ((c[at] & test) == 0 && touches(c, at, steps, outside)) {
                        region.flood(at, test, 0, 0, VoxelRegion.OUTSIDE);
                    }
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
        return filled;
    }

    private static boolean touches(byte[] c, int at, int[] steps, byte bit) {
        for (int step : steps) {
            if ((c[at + step] & bit) != 0) {
                return true;
            }
        }
        return false;
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
}
