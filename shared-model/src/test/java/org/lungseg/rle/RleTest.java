package org.lungseg.rle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;

class RleTest {

    private static final int[] DIMS = {4, 3, 2};

    /** Mask on DIMS with voxels (x, y, z) = (1,0,0), (2,0,0), (3,0,0), (3,1,0) and (0,0,1). */
    private static boolean[] handMask() {
        boolean[] m = new boolean[24];
        m[1] = m[2] = m[3] = true; // grid index x + 4 (y + 3 z)
        m[3 + 4] = true;
        m[12] = true;
        return m;
    }

    @Test
    void encodesFirstAxisFastestAsOneBasedStartLengthPairs() {
        // Grid order = first axis fastest: indices 1,2,3 -> "2 3"; 7 -> "8 1"; 12 -> "13 1".
        assertThat(Rle.encode(handMask(), DIMS, FlatteningOrder.FIRST_AXIS_FASTEST)).isEqualTo("2 3 8 1 13 1");
    }

    @Test
    void encodesLastAxisFastestInCOrder() {
        // C position of (x, y, z) is z + 2 (y + 3 x): (1,0,0) -> 6, (2,0,0) -> 12, (3,0,0) -> 18,
        // (3,1,0) -> 20, (0,0,1) -> 1. Sorted: 1, 6, 12, 18, 20 -> 1-based starts 2, 7, 13, 19, 21.
        assertThat(Rle.encode(handMask(), DIMS, FlatteningOrder.LAST_AXIS_FASTEST)).isEqualTo("2 1 7 1 13 1 19 1 21 1");
    }

    @Test
    void emptyAndFullMasks() {
        for (FlatteningOrder order : FlatteningOrder.values()) {
            assertThat(Rle.encode(new boolean[24], DIMS, order)).isEmpty();
            assertThat(Rle.decode("", DIMS, order)).containsOnly(false);
            assertThat(Rle.decode("  \n", DIMS, order)).containsOnly(false);
            boolean[] full = new boolean[24];
            java.util.Arrays.fill(full, true);
            assertThat(Rle.encode(full, DIMS, order)).isEqualTo("1 24");
        }
    }

    @ParameterizedTest
    @EnumSource(FlatteningOrder.class)
    void randomMasksRoundTrip(FlatteningOrder order) {
        Random random = new Random(42);
        int[][] shapes = {{1, 1, 1}, {7, 1, 1}, {1, 1, 9}, {5, 6, 7}, {16, 9, 4}, {3, 40, 2}};
        double[] densities = {0.0, 0.05, 0.5, 0.95, 1.0};
        for (int[] dims : shapes) {
            for (double density : densities) {
                boolean[] mask = randomMask(random, dims, density);
                String code = Rle.encode(mask, dims, order);
                assertThat(Rle.decode(code, dims, order)).as("%s %s", java.util.Arrays.toString(dims), density)
                        .containsExactly(mask);
                assertThat(code).isEqualTo(naiveEncode(flatten(mask, dims, order)));
            }
        }
    }

    @Test
    void lastAxisFastestOfAMaskIsFirstAxisFastestOfItsTranspose() {
        Random random = new Random(3);
        int[] dims = {6, 5, 4};
        boolean[] mask = randomMask(random, dims, 0.3);
        boolean[] transposed = new boolean[mask.length]; // dims (4, 5, 6), t[z, y, x] = m[x, y, z]
        for (int z = 0; z < 4; z++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 6; x++) {
                    transposed[z + 4 * (y + 5 * x)] = mask[x + 6 * (y + 5 * z)];
                }
            }
        }
        assertThat(Rle.encode(mask, dims, FlatteningOrder.LAST_AXIS_FASTEST))
                .isEqualTo(Rle.encode(transposed, new int[] {4, 5, 6}, FlatteningOrder.FIRST_AXIS_FASTEST));
    }

    @Test
    void encodesOneLabelOfALabelMap() {
        Grid grid = new Grid(4, 3, 2, Affine.identity());
        byte[] labels = new byte[24];
        boolean[] hand = handMask();
        for (int i = 0; i < 24; i++) {
            labels[i] = (byte) (hand[i] ? 3 : i % 3 == 0 ? 1 : 0);
        }
        LabelMap map = new LabelMap(grid, labels);
        assertThat(Rle.encode(map, 3, FlatteningOrder.FIRST_AXIS_FASTEST)).isEqualTo("2 3 8 1 13 1");
        assertThat(Rle.encode(map, 2, FlatteningOrder.FIRST_AXIS_FASTEST)).isEmpty();
    }

    @Test
    void toleratesExtraWhitespaceAndTouchingRuns() {
        boolean[] m = Rle.decode("  2 3\t8 1\n 13  1 ", DIMS, FlatteningOrder.FIRST_AXIS_FASTEST);
        assertThat(m).containsExactly(handMask());
        boolean[] touching = Rle.decode("2 2 4 1 8 1 13 1", DIMS, FlatteningOrder.FIRST_AXIS_FASTEST);
        assertThat(touching).containsExactly(handMask());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1 2 3              | odd number",
        "1 a                | not a whole number",
        "1.5 2              | not a whole number",
        "1 2e3              | not a whole number",
        "-1 2               | negative",
        "3 -2               | negative",
        "0 2                | 1-based",
        "3 0                | length 0",
        "1 5 3 2            | overlap",
        "10 2 1 2           | not sorted",
        "23 3               | past the last of the 24 voxels",
        "25 1               | past the last",
        "99999999999999999999999 1 | past the last"})
    void refusesMalformedCodes(String code, String message) {
        for (FlatteningOrder order : FlatteningOrder.values()) {
            assertThatThrownBy(() -> Rle.decode(code, DIMS, order))
                    .isInstanceOf(InvalidScanException.class).hasMessageContaining(message);
        }
    }

    @Test
    void longTokensAreShortenedInMessages() {
        String junk = "x".repeat(10_000);
        assertThatThrownBy(() -> Rle.decode("1 " + junk, DIMS, FlatteningOrder.FIRST_AXIS_FASTEST))
                .isInstanceOf(InvalidScanException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void largeMaskRoundTripsInBothOrders() {
        // A ball in a 256 x 256 x 64 grid: tens of thousands of runs.
        int[] dims = {256, 256, 64};
        boolean[] ball = new boolean[256 * 256 * 64];
        for (int z = 0; z < 64; z++) {
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    double dx = (x - 128) / 100.0;
                    double dy = (y - 120) / 90.0;
                    double dz = (z - 32) / 30.0;
                    ball[x + 256 * (y + 256 * z)] = dx * dx + dy * dy + dz * dz <= 1;
                }
            }
        }
        for (FlatteningOrder order : FlatteningOrder.values()) {
            assertThat(Rle.decode(Rle.encode(ball, dims, order), dims, order)).isEqualTo(ball);
        }
    }

    private static boolean[] randomMask(Random random, int[] dims, double density) {
        boolean[] m = new boolean[dims[0] * dims[1] * dims[2]];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < density;
        }
        return m;
    }

    /** The mask (grid order) as a sequence in {@code order}, by explicit coordinates. */
    private static boolean[] flatten(boolean[] mask, int[] dims, FlatteningOrder order) {
        boolean[] out = new boolean[mask.length];
        for (int z = 0; z < dims[2]; z++) {
            for (int y = 0; y < dims[1]; y++) {
                for (int x = 0; x < dims[0]; x++) {
                    int p = order == FlatteningOrder.FIRST_AXIS_FASTEST
                            ? x + dims[0] * (y + dims[1] * z)
                            : z + dims[2] * (y + dims[1] * x);
                    out[p] = mask[x + dims[0] * (y + dims[1] * z)];
                }
            }
        }
        return out;
    }

    /** Textbook run-length encoding of a flat sequence, as Kaggle-style "start length" pairs. */
    private static String naiveEncode(boolean[] flat) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < flat.length) {
            if (!flat[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < flat.length && flat[i]) {
                i++;
            }
            parts.add((start + 1) + " " + (i - start));
        }
        return String.join(" ", parts);
    }
}
