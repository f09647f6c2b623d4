package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoxelRegionTest {

    /** The scanline fill marks exactly what a plain breadth-first search over 6-neighbours reaches. */
    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.5, 0.65, 0.8})
    void floodFillReachesWhatABreadthFirstSearchReaches(double density) {
        int nx = 23;
        int ny = 17;
        int nz = 11;
        Random random = new Random(Double.hashCode(density));
        boolean[] on = new boolean[nx * ny * nz];
        VoxelRegion region = new VoxelRegion(new int[3], new int[] {nx, ny, nz});
        for (int k = 0, i = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int x = 0; x < nx; x++, i++) {
                    on[i] = random.nextDouble() < density;
                    region.cells()[region.cell(x, j, k)] = (byte) (on[i] ? VoxelRegion.LEFT : 0);
                }
            }
        }
        for (int seed = 0; seed < on.length; seed += 37) {
            if (!on[seed] || (region.cells()[cellOf(region, seed, nx, ny)] & VoxelRegion.MARK) != 0) {
                continue;
            }
            boolean[] expected = bfs(on, seed, nx, ny, nz);
            long count = region.flood(cellOf(region, seed, nx, ny), VoxelRegion.LEFT | VoxelRegion.MARK,
                    VoxelRegion.LEFT, 0, VoxelRegion.MARK);
            long n = 0;
            for (int i = 0; i < on.length; i++) {
                boolean marked = (region.cells()[cellOf(region, i, nx, ny)] & VoxelRegion.MARK) != 0;
                if (expected[i]) {
                    n++;
                    assertThat(marked).as("voxel %d", i).isTrue();
                }
            }
            assertThat(count).isEqualTo(n);
            // Undo so the next seed's component is compared on its own.
            region.flood(cellOf(region, seed, nx, ny), VoxelRegion.MARK, VoxelRegion.MARK, VoxelRegion.MARK | VoxelRegion.LEFT, 0);
            for (int i = 0; i < on.length; i++) {
                if (expected[i]) {
                    on[i] = false;
                }
            }
        }
    }

    private static int cellOf(VoxelRegion r, int index, int nx, int ny) {
        return r.cell(index % nx, (index / nx) % ny, index / (nx * ny));
    }

    private static boolean[] bfs(boolean[] on, int seed, int nx, int ny, int nz) {
        boolean[] seen = new boolean[on.length];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        q.add(seed);
        seen[seed] = true;
        while (!q.isEmpty()) {
            int i = q.poll();
            int x = i % nx;
            int y = (i / nx) % ny;
            int z = i / (nx * ny);
            int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
            for (int[] s : steps) {
                int a = x + s[0];
                int b = y + s[1];
                int c = z + s[2];
                if (a >= 0 && b >= 0 && c >= 0 && a < nx && b < ny && c < nz) {
                    int n = a + nx * (b + ny * c);
                    if (on[n] && !seen[n]) {
                        seen[n] = true;
                        q.add(n);
                    }
                }
            }
        }
        return seen;
    }
}
