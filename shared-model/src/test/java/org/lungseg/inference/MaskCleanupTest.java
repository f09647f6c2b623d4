package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Component filtering and hole filling against plain reference implementations on random masks. */
class MaskCleanupTest {

    private static final int NX = 30;
    private static final int NY = 24;
    private static final int NZ = 18;

    /** Random lungs: balls of left and right, with smaller balls of nothing punched into them. */
    private static int[] randomLungs(long seed) {
        Random r = new Random(seed);
        int[] v = new int[NX * NY * NZ];
        for (int n = 0; n < 14; n++) {
            int value = n < 10 ? 1 + r.nextInt(2) : 0;
            double radius = n < 10 ? 2 + 5 * r.nextDouble() : 1 + 1.5 * r.nextDouble();
            int cx = r.nextInt(NX);
            int cy = r.nextInt(NY);
            int cz = r.nextInt(NZ);
            for (int z = 0, i = 0; z < NZ; z++) {
                for (int y = 0; y < NY; y++) {
                    for (int x = 0; x < NX; x++, i++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= radius * radius) {
                            v[i] = value;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < v.length; i++) {
            if (r.nextDouble() < 0.01) {
                v[i] = 1 + r.nextInt(2); // specks
            }
        }
        return v;
    }

    private static VoxelRegion regionOf(int[] v) {
        VoxelRegion region = new VoxelRegion(new int[3], new int[] {NX, NY, NZ});
        for (int z = 0, i = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++, i++) {
                    region.cells()[region.cell(x, y, z)] = (byte) v[i];
                }
            }
        }
        return region;
    }

    private static int[] lungsOf(VoxelRegion region) {
        int[] v = new int[NX * NY * NZ];
        for (int z = 0, i = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++, i++) {
                    v[i] = region.cells()[region.cell(x, y, z)] & VoxelRegion.LUNGS;
                }
            }
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void keepsTheLargestComponentAndLargeOnesLikeAPlainSearch(long seed) {
        // Others touching the other lung go to it; all decided on the mask as it came.
        int[] v = randomLungs(seed);
        long minVoxels = 30;
        VoxelRegion region = regionOf(v);
        MaskCleanup.keepMainComponents(region, minVoxels);
        int[] expected = v.clone();
        for (int lung = 1; lung <= 2; lung++) {
            List<List<Integer>> components = components(v, lung);
            int largest = 0;
            for (int c = 1; c < components.size(); c++) {
                largest = components.get(c).size() > components.get(largest).size() ? c : largest;
            }
            int other = 3 - lung;
            for (int c = 0; c < components.size(); c++) {
                if (c != largest && touches(v, components.get(c), other)) {
                    components.get(c).forEach(i -> expected[i] = other);
                } else if (c != largest && components.get(c).size() < minVoxels) {
                    components.get(c).forEach(i -> expected[i] = 0);
                }
            }
        }
        assertThat(lungsOf(region)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void fillsTheHolesAPlainSearchFinds(long seed) {
        int[] v = randomLungs(seed);
        VoxelRegion region = regionOf(v);
        long filled = MaskCleanup.fillHoles(region);
        int[] expected = v.clone();
        long expectedFilled = 0;
        for (int lung = 1; lung <= 2; lung++) {
            expectedFilled += fillHolesPlainly(expected, lung);
        }
        assertThat(lungsOf(region)).isEqualTo(expected);
        assertThat(filled).isEqualTo(expectedFilled);
        for (byte b : region.cells()) {
            assertThat(b & VoxelRegion.OUTSIDE).isZero();
        }
    }

    /** Non-lung voxels of the lung's box that no path of non-lung voxels in the box joins to its faces. */
    private static long fillHolesPlainly(int[] v, int lung) {
        int[] lo = {NX, NY, NZ};
        int[] hi = {-1, -1, -1};
        for (int z = 0, i = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++, i++) {
                    if (v[i] == lung) {
                        int[] p = {x, y, z};
                        for (int a = 0; a < 3; a++) {
                            lo[a] = Math.min(lo[a], p[a]);
                            hi[a] = Math.max(hi[a], p[a]);
                        }
                    }
                }
            }
        }
        if (hi[0] < 0) {
            return 0;
        }
        boolean[] reached = new boolean[v.length];
        ArrayDeque<int[]> q = new ArrayDeque<>();
        for (int z = lo[2]; z <= hi[2]; z++) {
            for (int y = lo[1]; y <= hi[1]; y++) {
                for (int x = lo[0]; x <= hi[0]; x++) {
                    boolean face = x == lo[0] || x == hi[0] || y == lo[1] || y == hi[1] || z == lo[2] || z == hi[2];
                    int i = x + NX * (y + NY * z);
                    if (face && v[i] != lung && !reached[i]) {
                        reached[i] = true;
                        q.add(new int[] {x, y, z});
                    }
                }
            }
        }
        int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        while (!q.isEmpty()) {
            int[] p = q.poll();
            for (int[] s : steps) {
                int x = p[0] + s[0];
                int y = p[1] + s[1];
                int z = p[2] + s[2];
                if (x >= lo[0] && y >= lo[1] && z >= lo[2] && x <= hi[0] && y <= hi[1] && z <= hi[2]) {
                    int i = x + NX * (y + NY * z);
                    if (v[i] != lung && !reached[i]) {
                        reached[i] = true;
                        q.add(new int[] {x, y, z});
                    }
                }
            }
        }
        long filled = 0;
        for (int z = lo[2]; z <= hi[2]; z++) {
            for (int y = lo[1]; y <= hi[1]; y++) {
                for (int x = lo[0]; x <= hi[0]; x++) {
                    int i = x + NX * (y + NY * z);
                    if (v[i] != lung && !reached[i]) {
                        v[i] = lung;
                        filled++;
                    }
                }
            }
        }
        return filled;
    }

    private static boolean touches(int[] v, List<Integer> component, int lung) {
        for (int i : component) {
            for (int j : neighbours(i)) {
                if (v[j] == lung) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Indices of the face neighbours of voxel {@code i} inside the grid. */
    private static List<Integer> neighbours(int i) {
        int x = i % NX;
        int y = (i / NX) % NY;
        int z = i / (NX * NY);
        int[][] n = {{x + 1, y, z}, {x - 1, y, z}, {x, y + 1, z}, {x, y - 1, z}, {x, y, z + 1}, {x, y, z - 1}};
        List<Integer> out = new ArrayList<>();
        for (int[] p : n) {
            if (p[0] >= 0 && p[1] >= 0 && p[2] >= 0 && p[0] < NX && p[1] < NY && p[2] < NZ) {
                out.add(p[0] + NX * (p[1] + NY * p[2]));
            }
        }
        return out;
    }

    private static List<List<Integer>> components(int[] v, int lung) {
        boolean[] seen = new boolean[v.length];
        List<List<Integer>> out = new ArrayList<>();
        for (int start = 0; start < v.length; start++) {
            if (v[start] != lung || seen[start]) {
                continue;
            }
            List<Integer> comp = new ArrayList<>();
            ArrayDeque<Integer> q = new ArrayDeque<>();
            q.add(start);
            seen[start] = true;
            while (!q.isEmpty()) {
                int i = q.poll();
                comp.add(i);
                for (int j : neighbours(i)) {
                    if (v[j] == lung && !seen[j]) {
                        seen[j] = true;
                        q.add(j);
                    }
                }
            }
            out.add(comp);
        }
        return out;
    }
}
