package org.lungseg.volume;

/**
 * The storage orientation of a voxel grid, in the usual three-letter code: the world direction
 * each voxel axis points towards (e.g. {@code LPS}: i to the patient's Left, j Posterior, k
 * Superior; {@code RAS} is NIfTI's canonical order). Oblique grids get the nearest canonical axes.
 */
public record AxisCodes(int[] worldAxis, boolean[] negative) {

    public static final AxisCodes RAS = new AxisCodes(new int[] {0, 1, 2}, new boolean[] {false, false, false});

    private static final char[] POSITIVE = {'R', 'A', 'S'};
    private static final char[] NEGATIVE = {'L', 'P', 'I'};

    /** Nearest canonical axes of an affine: each voxel axis gets the world axis it is most aligned with. */
    public static AxisCodes of(Affine affine) {
        double[][] cos = new double[3][3]; // [world][voxel], columns normalised
        for (int v = 0; v < 3; v++) {
            double norm = affine.spacing(v);
            for (int w = 0; w < 3; w++) {
                cos[w][v] = norm == 0 ? 0 : affine.get(w, v) / norm;
            }
        }
        int[] worldAxis = {-1, -1, -1};
        boolean[] negative = new boolean[3];
        boolean[] worldTaken = new boolean[3];
        for (int round = 0; round < 3; round++) {
            int bestW = -1;
            int bestV = -1;
            double best = -1;
            for (int v = 0; v < 3; v++) {
                if (worldAxis[v] >= 0) {
                    continue;
                }
                for (int w = 0; w < 3; w++) {
                    if (!worldTaken[w] && Math.abs(cos[w][v]) > best) {
                        best = Math.abs(cos[w][v]);
                        bestW = w;
                        bestV = v;
                    }
                }
            }
            worldAxis[bestV] = bestW;
            negative[bestV] = cos[bestW][bestV] < 0;
            worldTaken[bestW] = true;
        }
        return new AxisCodes(worldAxis, negative);
    }

    /** All 48 axis-aligned storage orders: every permutation of the world axes with every flip. */
    public static java.util.List<AxisCodes> all() {
        int[][] permutations = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        java.util.List<AxisCodes> all = new java.util.ArrayList<>();
        for (int[] p : permutations) {
            for (int flips = 0; flips < 8; flips++) {
                all.add(new AxisCodes(p.clone(), new boolean[] {(flips & 1) != 0, (flips & 2) != 0, (flips & 4) != 0}));
            }
        }
        return all;
    }

    /** Parses a code such as "LPS" or "PLS". */
    public static AxisCodes parse(String code) {
        if (code.length() != 3) {
            throw new IllegalArgumentException("an orientation code has three letters, e.g. RAS or LPS: " + code);
        }
        int[] worldAxis = new int[3];
        boolean[] negative = new boolean[3];
        boolean[] seen = new boolean[3];
        for (int v = 0; v < 3; v++) {
            char c = Character.toUpperCase(code.charAt(v));
            int w = indexOf(POSITIVE, c);
            negative[v] = w < 0;
            if (w < 0) {
                w = indexOf(NEGATIVE, c);
            }
            if (w < 0 || seen[w]) {
                throw new IllegalArgumentException("not an orientation code: " + code);
            }
            seen[w] = true;
            worldAxis[v] = w;
        }
        return new AxisCodes(worldAxis, negative);
    }

    private static int indexOf(char[] letters, char c) {
        for (int i = 0; i < letters.length; i++) {
            if (letters[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The voxel axis that points along world axis {@code w} (0 = x, 1 = y, 2 = z). */
    public int voxelAxisOf(int w) {
        for (int v = 0; v < 3; v++) {
            if (worldAxis[v] == w) {
                return v;
            }
        }
        throw new IllegalStateException("no voxel axis along world axis " + w);
    }

    public boolean isRas() {
        return equals(RAS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AxisCodes a && java.util.Arrays.equals(worldAxis, a.worldAxis)
                && java.util.Arrays.equals(negative, a.negative);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(worldAxis) + java.util.Arrays.hashCode(negative);
    }

    @Override
    public String toString() {
        char[] c = new char[3];
        for (int v = 0; v < 3; v++) {
            c[v] = negative[v] ? NEGATIVE[worldAxis[v]] : POSITIVE[worldAxis[v]];
        }
        return new String(c);
    }
}
