package org.lungseg.rle;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.lungseg.npy.AxisReversal;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.npy.IndexWalk;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;

/**
 * Run-length codes of binary masks as H2O Hydrogen Torch's layout stores them: space-separated
 * {@code start length} pairs, starts 1-based, over the voxels flattened in a given order.
 * DESIGN.md assumes {@link FlatteningOrder#FIRST_AXIS_FASTEST} (Fortran order of the {@code .npy}
 * array, NIfTI's on-disk order); that is unverified against real H2O files, hence the parameter.
 *
 * <p>Masks are {@code boolean[]} in grid index order, {@code x + nx * (y + ny * z)} for dims
 * {@code (nx, ny, nz)} (generally: first dimension fastest), whatever the code's order. An empty
 * mask encodes as {@code ""}. Both directions are linear in the voxel count.
 */
public final class Rle {

    private Rle() {
    }

    /** Code of {@code mask} (grid index order, any rank) flattened in {@code order}. */
    public static String encode(boolean[] mask, int[] dims, FlatteningOrder order) {
        checkSize(mask.length, dims);
        return encode(dims, i -> mask[i], order);
    }

    /** Code of the voxels of {@code labels} that carry {@code labelValue}. */
    public static String encode(LabelMap labels, int labelValue, FlatteningOrder order) {
        if (labelValue < 0 || labelValue > 255) {
            throw new IllegalArgumentException("label values are 0..255, got " + labelValue);
        }
        byte[] values = labels.labels();
        byte wanted = (byte) labelValue;
        return encode(labels.grid().dims(), i -> values[i] == wanted, order);
    }

    private static String encode(int[] dims, IntPredicate inside, FlatteningOrder order) {
        int n = voxelCount(dims);
        IntPredicate atPosition = inside;
        if (order == FlatteningOrder.LAST_AXIS_FASTEST) {
            boolean[] cOrder = new boolean[n]; // one tiled transpose, then a linear scan
            AxisReversal.forEach(dims, (f, c) -> cOrder[c] = inside.test(f));
            atPosition = p -> cOrder[p];
        }
        StringBuilder out = new StringBuilder();
        int runStart = -1;
        for (int p = 0; p < n; p++) {
            boolean in = atPosition.test(p);
            if (in && runStart < 0) {
                runStart = p;
            } else if (!in && runStart >= 0) {
                appendRun(out, runStart, p);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            appendRun(out, runStart, n);
        }
        return out.toString();
    }

    private static void appendRun(StringBuilder out, long start, long end) {
        if (!out.isEmpty()) {
            out.append(' ');
        }
        out.append(start + 1).append(' ').append(end - start);
    }

    /**
     * The mask a code describes, in grid index order. A code that is not well formed (odd count,
     * non-numeric, zero or negative values, unsorted or overlapping runs, runs past the last voxel)
     * is refused with an {@link InvalidScanException} naming the problem.
     */
    public static boolean[] decode(String rle, int[] dims, FlatteningOrder order) {
        int n = voxelCount(dims);
        boolean[] mask = new boolean[n];
        IndexWalk walk = new IndexWalk(dims, order, FlatteningOrder.FIRST_AXIS_FASTEST);
        Tokens tokens = new Tokens(rle);
        long previousEnd = 0; // last voxel (1-based) covered so far
        int run = 0;
        while (tokens.hasNext()) {
            run++;
            long start = tokens.next("start of run " + run);
            if (!tokens.hasNext()) {
                throw new InvalidScanException("RLE has an odd number of values: run " + run
                        + " has a start (" + start + ") but no length");
            }
            long length = tokens.next("length of run " + run);
            if (start < 1) {
                throw new InvalidScanException("RLE run " + run + " starts at 0: starts are 1-based");
            }
            if (length < 1) {
                throw new InvalidScanException("RLE run " + run + " has length 0");
            }
            if (start <= previousEnd) {
                throw new InvalidScanException("RLE runs are not sorted or overlap: run " + run + " starts at "
                        + start + " but the previous run ends at " + previousEnd);
            }
            long end = start + length - 1;
            if (end > n || end < start) {
                throw new InvalidScanException("RLE run " + run + " (" + start + " " + length
                        + ") goes past the last of the " + n + " voxels");
            }
            if (order == FlatteningOrder.FIRST_AXIS_FASTEST) {
                Arrays.fill(mask, (int) start - 1, (int) end, true);
            } else {
                walk.seek(start - 1);
                for (long k = 0; k < length; k++, walk.next()) {
                    mask[(int) walk.target()] = true;
                }
            }
            previousEnd = end;
        }
        return mask;
    }

    private static int voxelCount(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many voxels for one mask: " + Arrays.toString(dims));
            }
        }
        return (int) n;
    }

    private static void checkSize(int length, int[] dims) {
        if (length != voxelCount(dims)) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + voxelCount(dims)
                    + " voxels, mask has " + length);
        }
    }

    /** Whitespace-separated non-negative integers, read without splitting the (possibly huge) text. */
    private static final class Tokens {
        private static final int MAX_SHOWN = 20;
        private final String s;
        private int pos;

        Tokens(String s) {
            this.s = s;
            skipBlanks();
        }

        boolean hasNext() {
            return pos < s.length();
        }

        long next(String what) {
            int start = pos;
            long value = 0;
            boolean numeric = true;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
                char c = s.charAt(pos++);
                if (c < '0' || c > '9') {
                    numeric = false;
                } else if (numeric) {
                    value = value * 10 + (c - '0');
                    if (value > Integer.MAX_VALUE) { // no mask has that many voxels; stops overflow too
                        value = Integer.MAX_VALUE + 1L;
                    }
                }
            }
            if (!numeric) {
                String token = s.substring(start, Math.min(pos, start + MAX_SHOWN));
                String kind = token.startsWith("-") ? "is negative" : "is not a whole number";
                throw new InvalidScanException("RLE " + what + " ('" + token + (pos - start > MAX_SHOWN ? "..." : "")
                        + "' at character " + start + ") " + kind);
            }
            skipBlanks();
            return value;
        }

        private void skipBlanks() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
